import type { ReactElement } from 'react';
import type { JobRow } from '../../shared/monitor-types';
import { formatSpan } from '../format';

/** One row of the virtual jobs list; a placeholder while its page loads. */
export function JobRowView({ job, top, height, now }: { job: JobRow | undefined; top: number; height: number; now: number }): ReactElement {
  // Position through the style object (CSSOM): the virtual list needs it and the CSP allows it.
  const style = { transform: `translateY(${top}px)`, height: `${height}px` };
  if (job === undefined) {
    return (
      <div className="job-row job-loading small muted" style={style}>
        <span>loading…</span>
      </div>
    );
  }
  return (
    <div
      className="job-row small"
      style={style}
      data-testid="job-row"
      data-state={job.state}
      data-queue={job.queue}
      data-folder={job.folder ?? ''}
    >
      <span title={`${job.queue} #${job.id}`}>
        {job.queue}/{job.name} <span className="muted">#{job.id}</span>
      </span>
      <span className={`badge job-${job.state}`}>{job.state}</span>
      <span className="path" title={job.folder ?? ''}>
        {job.folder ?? ''}
      </span>
      <span>{Math.round(job.progress)}%</span>
      <span>{job.workerId ?? ''}</span>
      <span>{job.device ?? ''}</span>
      <span>{formatSpan(job.startedAt, job.finishedAt, now)}</span>
      <span className="error-text path" title={job.error ?? ''}>
        {job.error ?? ''}
      </span>
    </div>
  );
}
