import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Store } from '@internal/plugin-stores-common';
import type { StoresService } from '@internal/plugin-stores-node';
import { toActionError } from './backendErrors';

/*
 * Finding the store an action works on by name, as stores:delete and
 * stores:update take it: a plain name or its catalog entity's ref.
 */

/** Accepts `shop`, `resource:default/shop` or `default/shop`. */
export function storeNameOf(nameOrRef: string): string {
  try {
    return parseEntityRef(nameOrRef, {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    }).name;
  } catch {
    throw new InputError(
      `"${nameOrRef}" is neither a store name nor an entity ref`,
    );
  }
}

export async function findByName(
  stores: StoresService,
  name: string,
  credentials: BackstageCredentials,
): Promise<Store> {
  const list = await stores
    .listStores({ q: name, limit: 500 }, { credentials })
    .catch(error => {
      throw toActionError(error, `look up store "${name}"`);
    });
  // `q` matches substrings of names and display names; only an exact name counts.
  const store = list.items.find(item => item.name === name);
  if (!store) {
    throw new NotFoundError(
      `No store named "${name}" exists, or you are not allowed to see it`,
    );
  }
  return store;
}

/**
 * The store an action names by `storeId`, or else by `name` (a name or an
 * entity ref); InputError when neither is given.
 */
export async function resolveStore(
  stores: StoresService,
  input: { storeId?: string; name?: string },
  credentials: BackstageCredentials,
  action: string,
): Promise<Store> {
  const storeId = input.storeId?.trim() || undefined;
  const name = input.name?.trim() ? storeNameOf(input.name.trim()) : undefined;
  if (!storeId && !name) {
    throw new InputError(`${action} needs a storeId or a name`);
  }
  return storeId
    ? stores.getStore(storeId, { credentials }).catch(error => {
        throw toActionError(error, `find store ${storeId}`);
      })
    : findByName(stores, name!, credentials);
}
