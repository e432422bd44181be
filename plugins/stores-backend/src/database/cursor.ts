import { InputError } from '@backstage/errors';

/** Position after the last store of a page: keyset on (created_at, id). */
export interface StoreCursor {
  createdAt: string;
  id: string;
}

/** Opaque to clients: base64url of a small JSON document. */
export function encodeCursor(cursor: StoreCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): StoreCursor {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      typeof createdAt === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(createdAt))
    ) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'Invalid cursor; pass the nextCursor of a previous page, or none for the first page',
  );
}
