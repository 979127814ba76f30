import { useState, type FormEvent, type ReactElement } from 'react';
import { QUEUES, SYSTEM_JOBS } from '../../shared/jobs';
import { useSnapshotShallow } from '../state/monitor-slice';
import { TIME_RANGES, type TimeRange } from '../state/task-form';
import { taskActions, useTasks } from '../state/tasks-slice';

const JOB_NAMES = ['scan', 'extract', 'embed', 'ingest', SYSTEM_JOBS.ping, SYSTEM_JOBS.cleanup, SYSTEM_JOBS.sleep];
const RANGE_LABELS: Record<TimeRange, string> = {
  '': 'any time',
  '15m': 'last 15 min',
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  custom: 'from … to …',
};
const NO_NAMES: string[] = [];
/** Typed filters apply once typing pauses this long. */
const TYPING_DELAY_MS = 300;

/** What the search box understands, shown under it. */
const QUERY_HELP =
  'state:failed worker:w2 name:embed queue:extract folder:/data device:cpu after:2h before:2025-01-31 id:42 — other words search data, result and error';

/** The tasks view's filters (applied at once) and its search box (applied on Enter). */
export function TaskFilters(): ReactElement {
  const form = useTasks((state) => state.form);
  const queryError = useTasks((state) => state.queryError);
  const folders = useSnapshotShallow((snapshot) => snapshot.folders.map((folder) => folder.path), NO_NAMES);
  const workers = useSnapshotShallow((snapshot) => snapshot.workers.map((worker) => worker.workerId), NO_NAMES);
  const [query, setQuery] = useState(form.query);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    taskActions.search(query);
  };
  return (
    <form className="task-filters" onSubmit={submit} role="search" data-testid="task-filters">
      <div className="row">
        <input
          type="search"
          className="grow"
          placeholder="Search tasks: state:failed name:extract docx …"
          aria-label="Search tasks"
          title={QUERY_HELP}
          data-testid="task-search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" data-testid="task-search-submit">
          Search
        </button>
        <button
          type="button"
          data-testid="task-clear"
          onClick={() => {
            setQuery('');
            taskActions.clear();
          }}
        >
          Clear
        </button>
      </div>
      {queryError !== null ? (
        <p className="error small" role="alert" data-testid="task-query-error">
          {queryError}
        </p>
      ) : (
        <p className="muted small task-help">{QUERY_HELP}</p>
      )}
      <div className="row small">
        <label>
          type{' '}
          <select
            data-testid="task-filter-name"
            value={form.name}
            onChange={(event) => taskActions.setControls({ name: event.target.value })}
          >
            <option value="">any</option>
            {JOB_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          queue{' '}
          <select
            data-testid="task-filter-queue"
            value={form.queue}
            onChange={(event) => taskActions.setControls({ queue: event.target.value })}
          >
            <option value="">any</option>
            {QUEUES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          folder{' '}
          <select
            data-testid="task-filter-folder"
            value={form.folder}
            onChange={(event) => taskActions.setControls({ folder: event.target.value })}
          >
            <option value="">any</option>
            {folders.map((path) => (
              <option key={path} value={path}>
                {path}
              </option>
            ))}
          </select>
        </label>
        <label>
          worker{' '}
          <input
            type="text"
            size={5}
            list="task-worker-ids"
            data-testid="task-filter-worker"
            value={form.worker}
            onChange={(event) => taskActions.setControls({ worker: event.target.value }, TYPING_DELAY_MS)}
          />
          <datalist id="task-worker-ids">
            {workers.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
        </label>
        <label>
          device{' '}
          <input
            type="text"
            size={6}
            placeholder="cpu, sim"
            data-testid="task-filter-device"
            value={form.device}
            onChange={(event) => taskActions.setControls({ device: event.target.value }, TYPING_DELAY_MS)}
          />
        </label>
        <label>
          added{' '}
          <select
            data-testid="task-filter-range"
            value={form.range}
            onChange={(event) => {
              const range = TIME_RANGES.find((one) => one === event.target.value);
              if (range !== undefined) taskActions.setControls({ range });
            }}
          >
            {TIME_RANGES.map((range) => (
              <option key={range} value={range}>
                {RANGE_LABELS[range]}
              </option>
            ))}
          </select>
        </label>
        {form.range === 'custom' ? (
          <>
            <input
              type="datetime-local"
              aria-label="Added after"
              data-testid="task-filter-after"
              value={form.after}
              onChange={(event) => taskActions.setControls({ after: event.target.value })}
            />
            <input
              type="datetime-local"
              aria-label="Added before"
              data-testid="task-filter-before"
              value={form.before}
              onChange={(event) => taskActions.setControls({ before: event.target.value })}
            />
          </>
        ) : null}
      </div>
    </form>
  );
}
