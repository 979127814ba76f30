/**
 * Entry of the history-read thread: runs the tasks list's heavy reads on its own read-only
 * connection, so that a query of a second over a million records blocks this thread, not the
 * supervisor's (in the desktop app, Electron's main process: the window would freeze).
 *
 * better-sqlite3 is synchronous, so messages are answered one at a time, in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { assertNever, SemantikError, serializeError } from '../../../shared/errors';
import { TASK_SORT_FIELDS } from '../../../shared/tasks';
import { openStore } from '../../../node/store/open-store';
import type { Store } from '../../../node/store/store';
import type { HistoryReadReply, HistoryReadRequest, HistoryThreadData, ToHistoryThread } from './history-read-protocol';

const { dbPath } = workerData as HistoryThreadData;
const SORTS: ReadonlySet<string> = new Set(TASK_SORT_FIELDS.flatMap((field) => [field, `-${field}`]));

/** Opened at the first request, so that an open that fails is reported to a caller, and retried. */
let store: Store | null = null;

// The SQL falls back to the added time for a sort it does not know: the API never sends one, and
// anything else that does has a bug worth hearing about.
function checkSort(sort: string): void {
  if (!SORTS.has(sort)) {
    throw new SemantikError('BAD_INPUT', `Unknown sort "${sort}": use a field of ${TASK_SORT_FIELDS.join(', ')}, with - for descending`);
  }
}

function read(request: HistoryReadRequest): HistoryReadReply {
  try {
    store ??= openStore(dbPath, { readonly: true });
    const history = store.history();
    switch (request.type) {
      case 'page': {
        const { filter, sort, limit, offset } = request.args;
        checkSort(sort);
        return { id: request.id, ok: true, value: { counts: history.counts(filter), tasks: history.list(filter, sort, limit, offset) } };
      }
      case 'select':
        return { id: request.id, ok: true, value: history.select(request.args.filter, request.args.limit) };
      default:
        return assertNever(request, 'history read');
    }
  } catch (error) {
    return { id: request.id, ok: false, error: serializeError(error) };
  }
}

parentPort?.on('message', (message: ToHistoryThread) => {
  if (message.type === 'close') {
    store?.close();
    store = null;
    // Nothing else keeps the thread alive: it ends.
    parentPort?.close();
    return;
  }
  parentPort?.postMessage(read(message));
});
