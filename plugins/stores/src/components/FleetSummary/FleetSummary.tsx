import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import {
  ATTENTION_PHASES,
  STORE_PHASES,
  type StorePhase,
  type StorePhaseCounts,
} from '@internal/plugin-stores-common';
import { PHASE_STYLES } from '../../lib/phases';

/** A phase filter of the page, or every phase that needs attention. */
export type PhaseFilter = StorePhase | 'attention';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

/**
 * The fleet at a glance: how many stores (under the owner and text filters)
 * are in each phase, and how many need attention (failed or degraded).
 * Each chip filters the page by its phase; the selected one again clears it.
 */
export const FleetSummary = ({
  counts,
  selected,
  onSelect,
}: {
  counts?: StorePhaseCounts;
  selected?: PhaseFilter;
  onSelect(phase: PhaseFilter | undefined): void;
}) => {
  const classes = useStyles();
  if (!counts) {
    return null;
  }
  const attention = ATTENTION_PHASES.reduce(
    (sum, phase) => sum + counts.phases[phase],
    0,
  );
  const toggle = (phase: PhaseFilter) =>
    onSelect(selected === phase ? undefined : phase);
  return (
    <div
      className={classes.root}
      role="group"
      aria-label="Stores per phase"
      data-testid="fleet-summary"
    >
      <Chip
        size="small"
        icon={<WarningIcon />}
        label={`Needs attention: ${attention}`}
        color={attention > 0 ? 'secondary' : 'default'}
        variant={selected === 'attention' ? 'default' : 'outlined'}
        clickable
        aria-pressed={selected === 'attention'}
        onClick={() => toggle('attention')}
      />
      {STORE_PHASES.filter(phase => counts.phases[phase] > 0).map(phase => (
        <Chip
          key={phase}
          size="small"
          label={`${PHASE_STYLES[phase].label}: ${counts.phases[phase]}`}
          title={PHASE_STYLES[phase].description}
          clickable
          variant={selected === phase ? 'default' : 'outlined'}
          aria-pressed={selected === phase}
          style={
            selected === phase
              ? { backgroundColor: PHASE_STYLES[phase].color, color: '#fff' }
              : { borderColor: PHASE_STYLES[phase].color }
          }
          onClick={() => toggle(phase)}
        />
      ))}
      <span data-testid="fleet-total">{`${counts.total} in all`}</span>
    </div>
  );
};
