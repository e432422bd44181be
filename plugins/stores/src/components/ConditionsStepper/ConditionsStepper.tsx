import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Tooltip from '@material-ui/core/Tooltip';
import type { Store, StoreCondition } from '@internal/plugin-stores-common';

/** `DatabaseReady` → `Database ready`. */
export function conditionLabel(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Progress through the store's conditions, in the order the engine records
 * them, ending in a "Ready" step that completes with the `ready` phase. The
 * backend may record conditions as it reaches them, so the final step keeps
 * the stepper honest while later ones are still unknown.
 */
export const ConditionsStepper = ({
  store,
}: {
  store: Pick<Store, 'phase' | 'conditions'>;
}) => {
  const conditions = store.conditions ?? [];
  const firstOpen = conditions.findIndex(c => c.status !== 'True');
  let activeStep = firstOpen === -1 ? conditions.length : firstOpen;
  if (store.phase === 'ready') {
    activeStep = conditions.length + 1;
  }

  // Nine steps do not fit a narrow card: scroll them instead of clipping.
  return (
    <div style={{ overflowX: 'auto' }}>
      <Stepper
        activeStep={activeStep}
        alternativeLabel
        aria-label="Provisioning progress"
        style={{ padding: '16px 0' }}
      >
        {conditions.map((condition, index) => (
          <Step
            key={condition.type}
            completed={condition.status === 'True'}
            data-testid="store-condition"
            data-status={condition.status}
          >
            <Tooltip title={describe(condition)}>
              <StepLabel
                error={
                  store.phase === 'failed' &&
                  index === firstOpen &&
                  condition.status !== 'True'
                }
              >
                {conditionLabel(condition.type)}
              </StepLabel>
            </Tooltip>
          </Step>
        ))}
        <Step completed={store.phase === 'ready'} data-testid="store-condition">
          <StepLabel>Ready</StepLabel>
        </Step>
      </Stepper>
    </div>
  );
};

function describe(condition: StoreCondition): string {
  const parts = [condition.reason, condition.message].filter(Boolean);
  return parts.join(': ') || condition.status;
}
