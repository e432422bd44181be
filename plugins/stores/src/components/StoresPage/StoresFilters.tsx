import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import SearchIcon from '@material-ui/icons/Search';
import { makeStyles } from '@material-ui/core/styles';
import { STORE_PHASES } from '@internal/plugin-stores-common';
import { PHASE_STYLES } from '../../lib/phases';
import type { PhaseFilter } from '../FleetSummary';

export type OwnerFilter = 'mine' | 'all';

export interface StoresFilterValues {
  owner: OwnerFilter;
  /** One phase, or `attention`: failed and degraded stores. */
  phase?: PhaseFilter;
  /** The text as typed; the page debounces it before querying. */
  text: string;
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  phase: { minWidth: 180 },
  text: { minWidth: 260 },
}));

/** Owner (mine / all), phase and free-text filters of the stores page. */
export const StoresFilters = ({
  value,
  onChange,
}: {
  value: StoresFilterValues;
  onChange(value: StoresFilterValues): void;
}) => {
  const classes = useStyles();
  return (
    <div className={classes.root} role="search">
      <ToggleButtonGroup
        exclusive
        size="small"
        value={value.owner}
        aria-label="Owner"
        onChange={(_e, owner: OwnerFilter | null) =>
          owner && onChange({ ...value, owner })
        }
      >
        <ToggleButton value="mine" aria-label="My stores">
          Mine
        </ToggleButton>
        <ToggleButton value="all" aria-label="All stores">
          All
        </ToggleButton>
      </ToggleButtonGroup>
      <FormControl variant="outlined" size="small" className={classes.phase}>
        <InputLabel id="stores-phase-filter">Phase</InputLabel>
        <Select
          labelId="stores-phase-filter"
          label="Phase"
          value={value.phase ?? ''}
          onChange={e =>
            onChange({
              ...value,
              phase: (e.target.value as PhaseFilter | '') || undefined,
            })
          }
          SelectDisplayProps={{ 'aria-label': 'Phase' } as any}
        >
          <MenuItem value="">Any phase</MenuItem>
          <MenuItem value="attention">Needs attention</MenuItem>
          {STORE_PHASES.map(phase => (
            <MenuItem key={phase} value={phase}>
              {PHASE_STYLES[phase].label}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <TextField
        className={classes.text}
        size="small"
        variant="outlined"
        placeholder="Search by name"
        value={value.text}
        onChange={e => onChange({ ...value, text: e.target.value })}
        inputProps={{ 'aria-label': 'Search stores', maxLength: 100 }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
    </div>
  );
};
