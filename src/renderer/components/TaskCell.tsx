import type { ReactElement } from 'react';
import { assertNever } from '../../shared/errors';
import type { TaskRow } from '../../shared/tasks';
import { formatMs, formatSpan, formatWhen } from '../format';
import type { TaskColumn } from '../state/task-columns';

/** A subject that names a file of the task's folder, by its path inside the folder (the folder has its own column). */
export function subjectInFolder(subject: string, folder: string | null): string {
  return folder !== null && subject.startsWith(`${folder}/`) ? subject.slice(folder.length + 1) : subject;
}

/** One cell of the tasks table. */
export function TaskCell({ column, task, now }: { column: TaskColumn; task: TaskRow; now: number }): ReactElement {
  switch (column) {
    case 'job':
      return (
        <span title={[task.ref, task.subject].filter((part) => part !== null).join('\n')}>
          {task.name} {task.subject !== null ? <span data-testid="task-subject">{subjectInFolder(task.subject, task.folder)} </span> : null}
          <span className="muted">#{task.id}</span>
        </span>
      );
    case 'state':
      return (
        <span>
          <span className={`badge job-${task.state}`}>{task.state}</span>
        </span>
      );
    case 'queue':
      return <span>{task.queue}</span>;
    case 'priority':
      return <span>{task.priority === 0 ? '' : task.priority}</span>;
    case 'attempts':
      return <span>{task.attempts}</span>;
    case 'worker':
      return <span>{task.workerId ?? ''}</span>;
    case 'device':
      return <span>{task.device ?? ''}</span>;
    case 'gpu-before':
      return <span data-testid="task-gpu-before">{task.gpuBeforeMiB === null ? '' : `${task.gpuBeforeMiB} MiB`}</span>;
    case 'gpu-after':
      return <span data-testid="task-gpu-after">{task.gpuAfterMiB === null ? '' : `${task.gpuAfterMiB} MiB`}</span>;
    case 'folder':
      return (
        <span className="path" title={task.folder ?? ''}>
          {task.folder ?? ''}
        </span>
      );
    case 'progress':
      return <span>{task.progress === null ? '' : `${Math.round(task.progress)}%`}</span>;
    case 'added':
      return <span title={new Date(task.addedAt).toString()}>{formatWhen(task.addedAt, now)}</span>;
    case 'started':
      return <span>{task.startedAt === null ? '' : formatWhen(task.startedAt, now)}</span>;
    case 'finished':
      return <span>{task.finishedAt === null ? '' : formatWhen(task.finishedAt, now)}</span>;
    case 'duration':
      return <span>{task.durationMs !== null ? formatMs(task.durationMs) : formatSpan(task.startedAt, task.finishedAt, now)}</span>;
    case 'parent':
      return (
        <span className="path" title={task.parent ?? ''}>
          {task.parent ?? ''}
        </span>
      );
    case 'error':
      return (
        <span className="error-text path" title={task.error ?? ''}>
          {task.error ?? ''}
        </span>
      );
    default:
      return assertNever(column, 'column');
  }
}
