import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type { RolloutStatus } from '@internal/plugin-stores-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { storesApiRef } from '../../api';

/** How often the page asks again while a rollout is under way. */
export const ROLLOUT_POLL_MS = 15_000;

const SEVERITY = {
  paused: 'warning',
  done: 'success',
  rolling: 'info',
} as const;

function describe(status: RolloutStatus): string {
  const counts = `${status.done} done, ${status.inProgress} in progress, ${status.pending} waiting, ${status.failed} failed`;
  switch (status.state) {
    case 'paused':
      return `The rollout of an engine or configuration change is paused: ${
        status.pauseReason ?? 'stores failed after the change'
      } (${counts}).`;
    case 'rolling':
      return `An engine or configuration change is being rolled out, at most ${status.maxConcurrent} stores at a time: ${counts}.`;
    default:
      return `The engine or configuration change reached every store: ${counts}.`;
  }
}

/**
 * The rollout of an engine or config change on the Stores page
 * (`GET /api/stores/rollout`): nothing while idle, else where it stands;
 * a paused rollout as a warning. Asked again every 15 s while it runs.
 */
export const RolloutBanner = () => {
  const api = useApi(storesApiRef);
  const { value, retry } = useAsyncRetry(
    async () => (api.getRollout ? api.getRollout() : undefined),
    [api],
  );
  useInterval(retry, value?.state === 'rolling' ? ROLLOUT_POLL_MS : null);
  if (!value || value.state === 'idle') {
    return null;
  }
  return (
    <Alert
      severity={SEVERITY[value.state]}
      data-testid="stores-rollout"
      style={{ marginBottom: 8 }}
    >
      {describe(value)}
    </Alert>
  );
};
