import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { isNotFoundError } from '@internal/plugin-stores-common';
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
    const gone = isNotFoundError(error);
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
