import { useEffect, useState, type ReactElement } from 'react';
import type { ScheduleInfo } from '../../shared/schedules';
import { useCanWrite } from '../state/app-slice';
import { useSnapshot } from '../state/monitor-slice';
import { scheduleActions, useSchedules } from '../state/schedules-slice';
import { Panel } from './Panel';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleRow } from './ScheduleRow';

/** How often the list is read again while shown (next runs move on, last results arrive). */
const RELOAD_MS = 5_000;

/** Periodic tasks: the list with next and last runs; add, change, remove, run now. */
export function SchedulesView(): ReactElement {
  const schedules = useSchedules((state) => state.schedules);
  const error = useSchedules((state) => state.error);
  const lastRun = useSchedules((state) => state.lastRun);
  const canWrite = useCanWrite();
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  // null: no form; 'new': the add form; a schedule: its change form.
  const [form, setForm] = useState<ScheduleInfo | 'new' | null>(null);
  useEffect(() => {
    void scheduleActions.load();
    const timer = setInterval(() => void scheduleActions.load(), RELOAD_MS);
    return () => clearInterval(timer);
  }, []);
  const add = (
    <button
      type="button"
      className="small-button"
      data-testid="schedule-add"
      disabled={!canWrite || form !== null}
      onClick={() => setForm('new')}
    >
      Add a schedule
    </button>
  );
  return (
    <main className="view" data-testid="view-schedules">
      <Panel title="Schedules" testId="panel-schedules" actions={add}>
        {form !== null ? (
          <ScheduleForm key={form === 'new' ? 'new' : form.name} editing={form === 'new' ? null : form} onDone={() => setForm(null)} />
        ) : null}
        {error !== null ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {lastRun !== null ? (
          <p className="small" role="status" data-testid="schedule-run-started">
            Started {lastRun.name} now as {lastRun.ref}.
          </p>
        ) : null}
        {schedules === null ? (
          <p className="muted">Loading…</p>
        ) : schedules.length === 0 ? (
          <p className="empty" data-testid="schedules-empty">
            No schedules.
          </p>
        ) : (
          <table className="table small" data-testid="schedules">
            <thead>
              <tr>
                <th>name</th>
                <th>pattern</th>
                <th>next run</th>
                <th>last run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule) => (
                <ScheduleRow key={`${schedule.queue}:${schedule.name}`} schedule={schedule} now={now} onEdit={() => setForm(schedule)} />
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">
          Times are this machine's local time unless a schedule names a time zone. The daily cleanup removes results and job records older
          than its retention.
        </p>
      </Panel>
    </main>
  );
}
