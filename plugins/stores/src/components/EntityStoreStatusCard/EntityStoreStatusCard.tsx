import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntityStore } from '../../hooks/useEntityStore';
import { useStore } from '../../hooks/useStore';
import { StatusCard } from '../StatusCard';

/** The status card of the store behind the current catalog entity. */
export const EntityStoreStatusCard = (props: { pollIntervalMs?: number }) => {
  const { entity, storeId, missingAnnotation } = useEntityStore();
  const { value: store, loading, error } = useStore(storeId, props);

  if (missingAnnotation) {
    return missingAnnotation;
  }
  if (store) {
    return <StatusCard store={store} entity={entity} hideEntityLink />;
  }
  if (error) {
    const gone = isNotFound(error);
    return (
      <InfoCard title="Store status">
        {gone ? (
          <span data-testid="store-gone">
            This store no longer exists; its catalog entity is removed shortly.
          </span>
        ) : (
          <ResponseErrorPanel error={error} />
        )}
      </InfoCard>
    );
  }
  return loading ? <Progress /> : null;
};

function isNotFound(error: Error): boolean {
  // ResponseError carries the status; a thrown NotFoundError its name.
  return (
    (error as { statusCode?: number }).statusCode === 404 ||
    error.name === 'NotFoundError'
  );
}
