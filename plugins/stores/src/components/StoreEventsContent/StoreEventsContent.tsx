import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntityStore } from '../../hooks/useEntityStore';
import { useStoreEvents } from '../../hooks/useStoreEvents';

export interface StoreEventsContentProps {
  /** Events per page (default 25). */
  pageSize?: number;
  pollIntervalMs?: number;
}

/** The events tab of a store's entity page: what the reconciler did, paged. */
export const StoreEventsContent = ({
  pageSize = 25,
  pollIntervalMs,
}: StoreEventsContentProps) => {
  const { storeId, missingAnnotation } = useEntityStore();
  const events = useStoreEvents(storeId, { pageSize, pollIntervalMs });

  let body: JSX.Element;
  if (missingAnnotation) {
    body = missingAnnotation;
  } else if (events.error) {
    body = <ResponseErrorPanel error={events.error} />;
  } else if (!events.items) {
    body = <Progress />;
  } else if (events.items.length === 0 && events.page === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No events yet"
        description="Events appear here as the store is provisioned."
      />
    );
  } else {
    body = (
      <TableContainer component={Paper}>
        <Table size="small" aria-label="Store events">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.items.map(event => (
              <TableRow key={event.id} data-testid="store-event">
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {new Date(event.createdAt).toLocaleString()}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={event.type}
                    color={event.type === 'Warning' ? 'secondary' : 'default'}
                  />
                </TableCell>
                <TableCell>{event.reason}</TableCell>
                <TableCell style={{ whiteSpace: 'pre-wrap' }}>
                  {event.message}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          // The backend pages with cursors and no total: -1 means "unknown".
          count={-1}
          page={events.page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[]}
          labelDisplayedRows={({ from }) =>
            `${from}–${from + Math.max(events.items!.length, 1) - 1}`
          }
          onPageChange={(_e, next) =>
            next > events.page ? events.nextPage() : events.previousPage()
          }
          nextIconButtonProps={{ disabled: !events.hasNextPage }}
        />
      </TableContainer>
    );
  }
  return <Content>{body}</Content>;
};
