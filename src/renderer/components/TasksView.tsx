import type { ReactElement } from 'react';
import { QueueSwitches } from './QueueSwitches';
import { TaskBulkBar } from './TaskBulkBar';
import { TaskColumnsPicker } from './TaskColumnsPicker';
import { TaskDetailDrawer } from './TaskDetailDrawer';
import { TaskFilters } from './TaskFilters';
import { TaskStateTabs } from './TaskStateTabs';
import { TaskTable } from './TaskTable';

/**
 * Every job of every queue, live or finished, from the durable history: filters, search, state
 * tabs with counts, sortable and selectable columns, bulk actions, per-queue pause, and the detail
 * of the job picked.
 */
export function TasksView(): ReactElement {
  return (
    <main className="view view-with-drawer" data-testid="view-tasks">
      <section className="panel tasks-panel" aria-label="Tasks">
        <div className="panel-head">
          <h2>Tasks</h2>
          <TaskColumnsPicker />
        </div>
        <QueueSwitches />
        <TaskFilters />
        <TaskStateTabs />
        <TaskBulkBar />
        <TaskTable />
      </section>
      <TaskDetailDrawer />
    </main>
  );
}
