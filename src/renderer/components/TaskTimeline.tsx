import type { ReactElement } from 'react';
import type { TimelineEntry } from '../../shared/tasks';
import { formatDateTime, formatMs } from '../format';

/** What happened to a job, in order, each step with the time since the job was added. */
export function TaskTimeline({ timeline }: { timeline: readonly TimelineEntry[] }): ReactElement {
  const start = timeline[0]?.at ?? 0;
  return (
    <table className="table small" data-testid="task-timeline">
      <thead>
        <tr>
          <th>when</th>
          <th>+</th>
          <th>event</th>
          <th>attempt</th>
          <th>worker</th>
          <th>detail</th>
        </tr>
      </thead>
      <tbody>
        {timeline.map((entry, index) => (
          <tr key={index} data-testid="timeline-entry" data-event={entry.event}>
            <td>{formatDateTime(entry.at)}</td>
            <td className="muted">{formatMs(entry.at - start)}</td>
            <td>
              <span className={`badge job-${entry.event}`}>{entry.event}</span>
            </td>
            <td>{entry.attempt ?? ''}</td>
            <td>{entry.worker ?? ''}</td>
            <td className="wrap">{entry.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
