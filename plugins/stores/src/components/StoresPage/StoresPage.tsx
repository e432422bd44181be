import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useStoresPage, StoresQuery } from '../../hooks/useStoresPage';
import { useOtherStoresCount } from '../../hooks/useOtherStoresCount';
import { useOwnershipRefs } from '../../hooks/useOwnershipRefs';
import { useStoreChanges } from '../../hooks/useStoreChanges';
import { useStoresFilterParams } from '../../hooks/useStoresFilterParams';
import type { SignalConnectionState } from '../../hooks/useSignalConnection';
import { ATTENTION_PHASES } from '@internal/plugin-stores-common';
import { usePhaseCounts, useQuotaUsages } from '../../hooks/useFleet';
import { FleetSummary } from '../FleetSummary';
import { QuotaUsageProvider } from '../QuotaUsage';
import { StatusCard } from '../StatusCard';
import { CreateStoreButton } from './CreateStoreButton';
import { RolloutBanner } from './RolloutBanner';
import { StoresFilters } from './StoresFilters';

/** How the page is kept current, by the state of the signals connection. */
const LIVE_STATUS_TEXT: Record<SignalConnectionState, string> = {
  connected: 'Live: updates arrive as they happen.',
  connecting: 'Connecting to live updates…',
  disconnected:
    'Live updates are disconnected: refreshing every few seconds until they reconnect.',
  unavailable: 'Refreshing every few seconds (live signals are not available).',
};

export interface StoresPageProps {
  /** Stores per page (default 12). */
  pageSize?: number;
  /** Refetch interval while signals do not arrive (default 10 s). */
  pollIntervalMs?: number;
  /** Text filter debounce (default 300 ms). */
  debounceMs?: number;
}

/** The list of stores as live status cards, with filters and paging. */
export const StoresPageContent = ({
  pageSize: initialPageSize = 12,
  pollIntervalMs,
  debounceMs = 300,
}: StoresPageProps) => {
  const [filters, setFilters] = useStoresFilterParams();
  const [text, setText] = useState(() => filters.text.trim());
  useDebounce(() => setText(filters.text.trim()), debounceMs, [filters.text]);
  const [pageSize, setPageSize] = useState(initialPageSize);

  const ownership = useOwnershipRefs();
  const query: StoresQuery | undefined = useMemo(() => {
    if (filters.owner === 'mine' && !ownership.value) {
      return undefined; // wait for the user's identity
    }
    return {
      owner: filters.owner === 'mine' ? ownership.value : undefined,
      phase:
        filters.phase === 'attention' ? [...ATTENTION_PHASES] : filters.phase,
      q: text || undefined,
      pageSize,
    };
  }, [filters.owner, filters.phase, text, pageSize, ownership.value]);

  const state = useStoresPage(query);
  const fleet = usePhaseCounts(
    query && { owner: query.owner, q: query.q },
    state.stores,
  );
  const quotaUsage = useQuotaUsages(state.stores);
  const connection = useStoreChanges(state.applyChanges, { pollIntervalMs });

  const error = ownership.error ?? state.error;
  const filtered = filters.owner === 'mine' || !!filters.phase || !!text;
  // "Mine" alone came back empty: are there stores of other owners?
  const mineOnlyEmpty =
    filters.owner === 'mine' &&
    !filters.phase &&
    !text &&
    !state.loading &&
    !error &&
    state.stores.length === 0;
  const othersCount = useOtherStoresCount(mineOnlyEmpty);

  let body: JSX.Element;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (state.loading) {
    body = <Progress />;
  } else if (mineOnlyEmpty && othersCount) {
    body = (
      <EmptyState
        missing="data"
        title="None of the stores is yours"
        description={`${othersCount} ${
          othersCount === 1 ? 'store belongs' : 'stores belong'
        } to other owners. "Mine" lists the stores owned by you or by one of your groups.`}
        action={
          <>
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setFilters({ ...filters, owner: 'all' })}
              style={{ marginRight: 8 }}
            >
              Show stores of all owners
            </Button>
            <CreateStoreButton />
          </>
        }
      />
    );
  } else if (state.stores.length === 0) {
    body = (
      <EmptyState
        missing={filtered ? 'data' : 'content'}
        title={filtered ? 'No stores match these filters' : 'No stores yet'}
        description={
          filtered
            ? 'Try "All" owners, another phase or another search.'
            : 'Create a store (WooCommerce or Medusa) from its template; it appears here and updates live.'
        }
        action={<CreateStoreButton />}
      />
    );
  } else {
    body = (
      <>
        {state.catalogError && (
          <Alert severity="warning" style={{ marginBottom: 16 }}>
            The catalog could not be read ({state.catalogError.message}); stores
            are shown without their catalog details.
          </Alert>
        )}
        <QuotaUsageProvider usage={quotaUsage}>
          <Grid container spacing={2} data-testid="stores-grid">
            {state.stores.map(store => (
              <Grid item xs={12} md={6} xl={4} key={store.id}>
                <StatusCard
                  store={store}
                  entity={state.entities.get(store.id)}
                  onStoreChanged={state.replaceStore}
                />
              </Grid>
            ))}
          </Grid>
        </QuotaUsageProvider>
        <TablePagination
          component="div"
          count={state.totalCount}
          page={state.page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[6, 12, 24, 48]}
          labelRowsPerPage="Stores per page"
          onPageChange={(_e, next) =>
            next > state.page ? state.nextPage() : state.previousPage()
          }
          onRowsPerPageChange={e => setPageSize(Number(e.target.value))}
          nextIconButtonProps={{ disabled: !state.hasNextPage }}
        />
      </>
    );
  }

  return (
    <>
      <ContentHeader title="Stores">
        <CreateStoreButton />
      </ContentHeader>
      <RolloutBanner />
      <StoresFilters value={filters} onChange={setFilters} />
      <FleetSummary
        counts={fleet.counts}
        selected={filters.phase}
        onSelect={phase => setFilters({ ...filters, phase })}
      />
      <div style={{ height: 4, marginBottom: 8 }}>
        {state.fetching && !state.loading && <LinearProgress />}
      </div>
      {body}
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        data-testid="stores-live-status"
      >
        {LIVE_STATUS_TEXT[connection]}
      </Typography>
    </>
  );
};

/** The stores page with its own header, for the legacy app and `/alpha`. */
export const StoresPage = (props: StoresPageProps) => (
  <Page themeId="tool">
    <Header
      title="Stores"
      subtitle="WooCommerce and Medusa stores on Kubernetes: watch them come up, open them, remove them"
    />
    <Content>
      <StoresPageContent {...props} />
    </Content>
  </Page>
);
