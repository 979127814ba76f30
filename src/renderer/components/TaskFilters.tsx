import { useState, type FormEvent, type ReactElement } from 'react';
import type { TaskForm } from '../state/task-form';
import { taskActions, useTasks } from '../state/tasks-slice';
import { TaskFilterControls } from './TaskFilterControls';

/** What the search box understands, shown under it. */
const QUERY_HELP =
  'state:failed worker:w2 name:embed queue:extract folder:/data device:cpu after:2h before:2025-01-31 id:42 — other words search data, result and error';
/** Below this window height the filter controls start folded, so the table keeps its rows. */
const ROOMY_HEIGHT = 800;

/** The filters set in the controls, for the folded summary. */
function setControls(form: TaskForm): number {
  return [form.name, form.queue, form.folder, form.worker, form.device, form.range].filter((value) => value !== '').length;
}

/** The tasks view's filters (applied at once) and its search box (applied on Enter). */
export function TaskFilters(): ReactElement {
  const form = useTasks((state) => state.form);
  const queryError = useTasks((state) => state.queryError);
  const active = setControls(form);
  const [query, setQuery] = useState(form.query);
  // Decided once: afterwards the person's own folding or unfolding stands.
  const [roomy] = useState(() => window.innerHeight >= ROOMY_HEIGHT);
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
      ) : null}
      <details className="task-filter-details" open={roomy} data-testid="task-filter-details">
        <summary className="small">Filters{active > 0 ? ` (${active} set)` : ''} and the query syntax</summary>
        <p className="muted small task-help">{QUERY_HELP}</p>
        <TaskFilterControls />
      </details>
    </form>
  );
}
