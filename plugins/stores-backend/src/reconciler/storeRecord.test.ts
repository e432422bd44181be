import type { Store } from '@internal/plugin-stores-common';
import type { KubeObject } from '../kubernetes/KubernetesClient';
import {
  readStoreRecord,
  STORE_RECORD_ANNOTATION,
  withStoreRecord,
} from './storeRecord';

const namespace: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'store-corner-shop', annotations: { kept: 'yes' } },
};

const store = {
  id: 'f1d2c3b4-0000-4000-8000-000000000001',
  name: 'corner-shop',
  displayName: 'Corner Shop',
  engine: 'woocommerce',
  plan: 'small',
  options: { sampleData: false },
  createdBy: 'user:default/alice',
  createdAt: '2026-11-23T10:00:00.000Z',
} as Store;

describe('store record annotation', () => {
  it('records what a lost row needs and reads it back', () => {
    const annotated = withStoreRecord(namespace, store);
    expect(annotated.metadata.annotations?.kept).toBe('yes');
    // Everything but the id and slug, which the Namespace's labels carry.
    const { id: _id, name: _name, ...recorded } = store;
    expect(readStoreRecord(annotated)).toEqual(recorded);
  });

  it("keeps a restored store's backup, so its restore Job survives a re-created row", () => {
    const restoredFrom = { store: 'a-source-id', backup: 'store-backup-1' };
    const annotated = withStoreRecord(namespace, { ...store, restoredFrom });
    expect(readStoreRecord(annotated).restoredFrom).toEqual(restoredFrom);
  });

  it('does not change the annotation of a store that was not restored (no write on upgrade)', () => {
    const raw = withStoreRecord(namespace, store).metadata.annotations?.[
      STORE_RECORD_ANNOTATION
    ];
    expect(JSON.parse(raw!)).not.toHaveProperty('restoredFrom');
  });

  it('ignores what it cannot read', () => {
    const withRaw = (raw: string) =>
      readStoreRecord({
        ...namespace,
        metadata: {
          name: 'x',
          annotations: { [STORE_RECORD_ANNOTATION]: raw },
        },
      });
    expect(withRaw('not json')).toEqual({});
    expect(withRaw('"a string"')).toEqual({});
    expect(
      withRaw(JSON.stringify({ plan: 'small', restoredFrom: 'x' })),
    ).toEqual({ plan: 'small' });
    expect(readStoreRecord(namespace)).toEqual({});
  });
});
