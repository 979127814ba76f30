import { useCallback, useMemo, useState, type ReactElement } from 'react';
import type { FileProblem, FolderInfo } from '../../shared/monitor-types';
import { formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { folderActions } from '../state/folders-slice';
import { filterGroups, groupProblems, isGroupOpen } from '../state/problem-groups';
import { PROBLEMS_LIMIT, problemActions, useFolderProblems } from '../state/problems-slice';
import { FolderProblemGroup } from './FolderProblemGroup';
import './FolderProblems.css';

const NO_PROBLEMS: FileProblem[] = [];

/**
 * A folder's failed and skipped files grouped by reason, the largest group first, with a filter
 * by path or reason and a retry of the failed ones.
 */
export function FolderProblems({ folder }: { folder: FolderInfo }): ReactElement | null {
  const problems = useFolderProblems(folder.id);
  const canWrite = useCanWrite();
  const [query, setQuery] = useState('');
  // Groups the person opened or closed; the others follow isGroupOpen's default.
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const list = Array.isArray(problems) ? problems : NO_PROBLEMS;
  const groups = useMemo(() => groupProblems(list), [list]);
  const visible = useMemo(() => filterGroups(groups, query, folder.path), [groups, query, folder.path]);
  const filtered = query.trim() !== '';
  const onToggle = useCallback(
    (key: string) => setToggled((state) => ({ ...state, [key]: !isGroupOpen(key, state, visible.matches) })),
    [visible.matches],
  );
  if (problems === undefined) return null;
  if (problems === 'loading') return <p className="muted small">Loading the failed files…</p>;
  const failed = list.filter((problem) => problem.state === 'failed').length;
  // Only a list cut at the limit is partial; one loaded before a run went on is refreshed by reopening it.
  const recorded = list.length >= PROBLEMS_LIMIT ? folder.failed + folder.skipped : list.length;
  return (
    <div className="folder-problems" data-testid="folder-problems" data-groups={groups.length}>
      {list.length === 0 ? <p className="muted small">No failed or skipped files.</p> : null}
      {list.length > 0 ? (
        <div className="row small">
          <input
            type="search"
            className="problem-filter"
            data-testid="folder-problem-filter"
            placeholder="Filter by path or reason"
            aria-label="Filter the failed and skipped files by path or reason"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <span className="muted" data-testid="folder-problem-matches" data-matches={visible.matches}>
            {filtered
              ? `${formatCount(visible.matches)} of ${formatCount(list.length)} files match`
              : `${formatCount(list.length)} files, ${formatCount(groups.length)} ${groups.length === 1 ? 'reason' : 'reasons'}`}
          </span>
        </div>
      ) : null}
      {recorded > list.length ? (
        <p className="muted small" data-testid="folder-problems-truncated">
          The first {formatCount(list.length)} of {formatCount(recorded)} are listed.
        </p>
      ) : null}
      <ul className="problem-groups">
        {visible.groups.map((one) => (
          <FolderProblemGroup
            key={one.group.key}
            visible={one}
            folder={folder.path}
            open={isGroupOpen(one.group.key, toggled, visible.matches)}
            filtered={filtered}
            onToggle={onToggle}
          />
        ))}
      </ul>
      {failed > 0 ? (
        <button
          type="button"
          className="small-button"
          data-testid="folder-retry-failed"
          disabled={!canWrite}
          // A re-index queues the failed files again and skips every unchanged good one cheaply.
          onClick={() => void folderActions.reindex(folder).then(() => problemActions.close(folder.id))}
        >
          Retry the {failed} failed
        </button>
      ) : null}
    </div>
  );
}
