import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { StorePhase } from '@internal/plugin-stores-common';
import { PHASE_STYLES } from '../../lib/phases';

/** The store's phase as a coloured chip, with what it means in a tooltip. */
export const PhaseChip = ({ phase }: { phase: StorePhase }) => {
  const style = PHASE_STYLES[phase] ?? {
    label: phase,
    color: '#757575',
    description: '',
  };
  return (
    <Tooltip title={style.description}>
      <Chip
        size="small"
        label={style.label}
        data-testid="store-phase"
        data-phase={phase}
        style={{ backgroundColor: style.color, color: '#fff' }}
      />
    </Tooltip>
  );
};
