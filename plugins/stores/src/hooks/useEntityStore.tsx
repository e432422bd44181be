import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { STORE_ID_ANNOTATION } from '@internal/plugin-stores-common';
import { getStoreId } from '../lib/storeEntity';

/**
 * The current catalog entity and the id of the store behind it. Entity page
 * parts show `missingAnnotation` instead of their content when the entity
 * names no store (the catalog module always sets the annotation; an entity
 * written by hand may not).
 */
export function useEntityStore() {
  const { entity } = useEntity();
  const storeId = getStoreId(entity);
  const missingAnnotation = storeId ? undefined : (
    <MissingAnnotationEmptyState annotation={STORE_ID_ANNOTATION} />
  );
  return { entity, storeId, missingAnnotation };
}
