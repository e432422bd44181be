import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { STORE_PHASES } from '@internal/plugin-stores-common';
import type { PhaseFilter } from '../components/FleetSummary';
import type { StoresFilterValues } from '../components/StoresPage/StoresFilters';

function phaseOf(value: string | null): PhaseFilter | undefined {
  if (value === 'attention') {
    return value;
  }
  return STORE_PHASES.find(phase => phase === value);
}

/**
 * The stores page's filters, kept in the URL (`?owner=all&phase=failed&q=shop`,
 * `phase=attention` for the failed and degraded stores)
 * so that a reload, Back and a shared link show the same stores. "Mine", any
 * phase and no text are the defaults and leave the URL clean. A change of
 * owner or phase is a history entry; typing replaces the current one, so
 * Back does not step through every keystroke.
 */
export function useStoresFilterParams(): [
  StoresFilterValues,
  (next: StoresFilterValues) => void,
] {
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') === 'all' ? 'all' : 'mine';
  const phase = phaseOf(params.get('phase'));
  const text = params.get('q') ?? '';
  const value = useMemo<StoresFilterValues>(
    () => ({ owner, phase, text }),
    [owner, phase, text],
  );

  const onChange = useCallback(
    (next: StoresFilterValues) => {
      const typedOnly = next.owner === owner && next.phase === phase;
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          const set = (key: string, v: string | undefined) =>
            v ? updated.set(key, v) : updated.delete(key);
          set('owner', next.owner === 'all' ? 'all' : undefined);
          set('phase', next.phase);
          set('q', next.text);
          return updated;
        },
        { replace: typedOnly },
      );
    },
    [owner, phase, setParams],
  );

  return [value, onChange];
}
