import { useEffect, type ReactElement } from 'react';
import { formatCount } from '../format';
import { useVirtualRows, VIRTUAL_ROW_HEIGHT } from '../hooks/use-virtual-rows';
import { jobActions, jobAt, useJobs, type JobFilter } from '../state/jobs-slice';
import { useSnapshot } from '../state/monitor-slice';
import { JobRowView } from './JobRowView';
import { Panel } from './Panel';

const FILTERS: JobFilter[] = ['all', 'waiting', 'active', 'completed', 'failed', 'delayed'];

/** Jobs, virtualised: only the rows on screen are rendered and fetched. */
export function JobsPanel(): ReactElement {
  const filter = useJobs((state) => state.filter);
  const total = useJobs((state) => state.total);
  const pages = useJobs((state) => state.pages);
  const error = useJobs((state) => state.error);
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  const { scroller, items, totalSize, first, last } = useVirtualRows(total);

  useEffect(() => jobActions.setFilter('all'), []);
  useEffect(() => jobActions.showRange(first, last), [first, last, total]);

  const filterControl = (
    <select
      aria-label="Job state"
      data-testid="jobs-filter"
      value={filter}
      onChange={(event) => jobActions.setFilter(event.target.value as JobFilter)}
    >
      {FILTERS.map((value) => (
        <option key={value} value={value}>
          {value}
        </option>
      ))}
    </select>
  );

  return (
    <Panel title="Jobs" testId="panel-jobs" actions={filterControl}>
      <p className="small muted" data-testid="jobs-total">
        {formatCount(total)} {filter === 'all' ? '' : `${filter} `}jobs
      </p>
      {error !== null ? (
        <p className="error" role="alert" data-testid="jobs-error">
          {error}
        </p>
      ) : null}
      <div className="job-row job-head small">
        <span>job</span>
        <span>state</span>
        <span>folder</span>
        <span>progress</span>
        <span>worker</span>
        <span>device</span>
        <span>duration</span>
        <span>error</span>
      </div>
      <div className="jobs-scroll" ref={scroller} data-testid="jobs-list">
        <div className="jobs-inner" style={{ height: `${totalSize}px` }}>
          {items.map((item) => (
            <JobRowView key={item.key} job={jobAt(pages, item.index)} top={item.start} height={VIRTUAL_ROW_HEIGHT} now={now} />
          ))}
        </div>
      </div>
    </Panel>
  );
}
