import type { ReactElement } from 'react';
import { gpuMemoryOf, mibText } from '../../shared/task-gpu-memory';
import type { TaskDetail } from '../../shared/tasks';
import { formatDateTime, formatMs } from '../format';
import { JsonBlock } from './JsonBlock';
import { TaskAttempts } from './TaskAttempts';
import { TaskDetailActions } from './TaskDetailActions';
import { TaskFlowLinks } from './TaskFlowLinks';
import { TaskTimeline } from './TaskTimeline';

/** The facts of a job as label/value pairs; an embed task on a GPU adds its device memory. */
function facts(detail: TaskDetail): Array<[string, string]> {
  const memory = gpuMemoryOf(detail.result);
  return [
    ['queue', detail.queue],
    ['id', detail.id],
    ['name', detail.name],
    ['priority', String(detail.priority)],
    ['attempts', String(detail.attempts)],
    ['worker', detail.workerId ?? '–'],
    ['device', detail.device ?? '–'],
    ...(memory
      ? ([
          ['GPU mem. before', mibText(memory.beforeMiB)],
          ['GPU mem. after', `${mibText(memory.afterMiB)} (${memory.source})`],
        ] as Array<[string, string]>)
      : []),
    ['works on', detail.subject ?? '–'],
    ['folder', detail.folder ?? '–'],
    ['progress', detail.progress === null ? '–' : `${Math.round(detail.progress)}%`],
    ['added', formatDateTime(detail.addedAt)],
    ['started', detail.startedAt === null ? '–' : formatDateTime(detail.startedAt)],
    ['finished', detail.finishedAt === null ? '–' : formatDateTime(detail.finishedAt)],
    ['duration', detail.durationMs === null ? '–' : formatMs(detail.durationMs)],
  ];
}

/** A loaded job in full: state, actions, facts, links, error, attempts, timeline, logs and its data. */
export function TaskDetailBody({ detail, now }: { detail: TaskDetail; now: number }): ReactElement {
  return (
    <>
      <p className="row">
        <span className={`badge job-${detail.state}`} data-testid="task-detail-state">
          {detail.state}
        </span>
        <span className="muted small">{detail.live ? 'in Redis' : 'history only'}</span>
      </p>
      <TaskDetailActions key={detail.ref} detail={detail} />
      <dl className="facts small" data-testid="task-facts">
        {facts(detail).map(([label, value]) => (
          <div key={label} data-fact={label}>
            <dt>{label}</dt>
            <dd className="path" title={value}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <TaskFlowLinks detail={detail} />
      {detail.error !== null ? (
        <section data-testid="task-error">
          <h3>Error</h3>
          <p className="error-text wrap">{detail.error}</p>
          {detail.stack !== null ? <JsonBlock title="stack" value={detail.stack} testId="task-stack" /> : null}
        </section>
      ) : null}
      <section>
        <h3>Attempts</h3>
        <TaskAttempts attempts={detail.attemptsList} now={now} />
      </section>
      <section>
        <h3>Timeline</h3>
        <TaskTimeline timeline={detail.timeline} />
      </section>
      <section>
        <h3>Logs</h3>
        {detail.logs.length === 0 ? (
          <p className="empty small">The job wrote no log lines.</p>
        ) : (
          <pre className="pre" data-testid="task-logs">
            {detail.logs.join('\n')}
          </pre>
        )}
      </section>
      <JsonBlock title="data" value={detail.data} testId="task-data" open />
      <JsonBlock title="options" value={detail.options} testId="task-options" />
      <JsonBlock title="progress" value={detail.progressData} testId="task-progress" />
      <JsonBlock title="result" value={detail.result} testId="task-result" open={detail.state === 'completed'} />
    </>
  );
}
