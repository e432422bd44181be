import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  createContext,
  useContext,
  type ComponentProps,
  type ReactNode,
} from 'react';
import useAsync from 'react-use/esm/useAsync';
import { LinearGauge } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  QuotaResourceUsage,
  StoreQuotaUsage,
} from '@internal/plugin-stores-common';
import { storesApiRef } from '../../api';

/** The quota resources a card shows, in this order, with their labels. */
const SHOWN: Array<{ resource: string; label: string }> = [
  { resource: 'requests.cpu', label: 'CPU requests' },
  { resource: 'requests.memory', label: 'Memory requests' },
  { resource: 'requests.storage', label: 'Storage' },
];

/**
 * The usage of the stores on a page, fetched once for all their cards (see
 * useQuotaUsages); a card outside such a page fetches its own.
 */
const QuotaUsageContext = createContext<
  { usage: Map<string, StoreQuotaUsage> } | undefined
>(undefined);

export const QuotaUsageProvider = ({
  usage,
  children,
}: {
  usage: Map<string, StoreQuotaUsage>;
  children: ReactNode;
}) => (
  <QuotaUsageContext.Provider value={{ usage }}>
    {children}
  </QuotaUsageContext.Provider>
);

const useStyles = makeStyles(theme => ({
  root: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr auto',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    rowGap: theme.spacing(0.25),
    marginBottom: theme.spacing(1),
  },
}));

type GaugeColorArgs = Parameters<
  NonNullable<ComponentProps<typeof LinearGauge>['getColor']>
>[0];

/**
 * Usage reads the other way round from progress: green while there is room,
 * orange from 70 %, red from 90 % (the gauge's own colours are for progress).
 */
function usageColor({ palette, value }: GaugeColorArgs): string {
  if (value >= 90) return palette.status.error;
  if (value >= 70) return palette.status.warning;
  return palette.status.ok;
}

const QuotaRow = ({ row }: { row: QuotaResourceUsage & { label: string } }) => (
  <>
    <Typography variant="caption" color="textSecondary">
      {row.label}
    </Typography>
    {row.fraction === undefined ? (
      <span />
    ) : (
      <LinearGauge value={Math.min(1, row.fraction)} getColor={usageColor} />
    )}
    <Typography variant="caption" data-testid={`quota-${row.resource}`}>
      {row.used} / {row.hard}
    </Typography>
  </>
);

const QuotaUsageRows = ({
  rows,
  plan,
}: {
  rows: Array<QuotaResourceUsage & { label: string }>;
  plan: string;
}) => {
  const classes = useStyles();
  return (
    <Box
      className={classes.root}
      data-testid="quota-usage"
      aria-label={`Quota usage against plan ${plan}`}
    >
      {rows.map(row => (
        <QuotaRow key={row.resource} row={row} />
      ))}
    </Box>
  );
};

/**
 * What the store uses of its plan's quota (requests and storage against
 * the ResourceQuota's limits, as the cluster counts them). Shows nothing
 * while nothing is known (a new store, no reconciler in the backend).
 */
export const QuotaUsage = ({ storeId }: { storeId: string }) => {
  const page = useContext(QuotaUsageContext);
  const own = useOwnQuotaUsage(page ? undefined : storeId);
  const usage = page ? page.usage.get(storeId) : own;
  const rows = SHOWN.flatMap(({ resource, label }) => {
    const found = usage?.resources.find(r => r.resource === resource);
    return found ? [{ label, ...found }] : [];
  });
  if (rows.length === 0) {
    return null;
  }
  return <QuotaUsageRows rows={rows} plan={usage!.plan} />;
};

/** One store's usage, for a card that no page provides it to. */
function useOwnQuotaUsage(storeId: string | undefined) {
  const storesApi = useApi(storesApiRef);
  const { value } = useAsync(async () => {
    if (!storeId) return undefined;
    try {
      return (await storesApi.getQuotaUsage([storeId]))[0];
    } catch {
      return undefined; // usage is extra: the card shows without it
    }
  }, [storeId]);
  return value;
}
