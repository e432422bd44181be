import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Tooltip from '@material-ui/core/Tooltip';
import {
  RECONCILED_CONDITION,
  type Store,
  type StoreCondition,
} from '@internal/plugin-stores-common';

/**
 * Product names inside condition types, kept as written: splitting them at
 * their inner capitals would give "Word press ready".
 */
const PROPER_NAMES = ['WordPress', 'WooCommerce', 'MariaDB', 'MySQL'];

const WORD = new RegExp(
  `${PROPER_NAMES.join('|')}|[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+`,
  'g',
);

/**
 * `DatabaseReady` → `Database ready`, `WordPressReady` → `WordPress ready`.
 */
export function conditionLabel(type: string): string {
  const words = (type.match(WORD) ?? [type]).map((word, index) => {
    if (PROPER_NAMES.includes(word) || /^[A-Z0-9]+$/.test(word)) {
      return word;
    }
    const lower = word.toLowerCase();
    return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
  });
  return words.join(' ');
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
  // Failing requests are not a stage: the card says them on their own.
  const conditions = (store.conditions ?? []).filter(
    c => c.type !== RECONCILED_CONDITION,
  );
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
                  (store.phase === 'failed' &&
                    index === firstOpen &&
                    condition.status !== 'True') ||
                  (store.phase === 'degraded' && condition.status === 'False')
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
