import { memo, type ReactElement } from 'react';
import { formatCount } from '../format';
import { pathInFolder, stateWord, type VisibleGroup } from '../state/problem-groups';

/** Files listed per open group; the filter narrows a larger one. */
export const FILES_SHOWN_PER_GROUP = 200;

/**
 * One reason of a folder's problem list: its state, its reason, how many files (how many of them
 * match the filter), and, when open, the files.
 *
 * Memoised: the folder row re-renders with every snapshot, and a group of thousands of files
 * should not re-render with it.
 */
export const FolderProblemGroup = memo(function FolderProblemGroup({
  visible,
  folder,
  open,
  filtered,
  onToggle,
}: {
  visible: VisibleGroup;
  /** The folder's path: files are shown by their path inside it. */
  folder: string;
  open: boolean;
  /** A filter is applied: the count reads "n of total". */
  filtered: boolean;
  onToggle: (key: string) => void;
}): ReactElement {
  const { group, files } = visible;
  const word = stateWord(group.state);
  const count = filtered ? `${formatCount(files.length)} of ${formatCount(group.files.length)}` : formatCount(files.length);
  const hidden = files.length - FILES_SHOWN_PER_GROUP;
  return (
    <li
      className="problem-group"
      data-testid="folder-problem-group"
      data-state={group.state}
      data-count={files.length}
      data-total={group.files.length}
      data-reason={group.label}
      data-open={open}
    >
      <button type="button" className="link problem-group-toggle" aria-expanded={open} onClick={() => onToggle(group.key)}>
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
        <span className={group.state === 'failed' ? 'error-text' : 'muted'}>{word}:</span> {group.label}
        <span className="muted">
          {' '}
          — {count} {files.length === 1 && !filtered ? 'file' : 'files'}
        </span>
      </button>
      {open ? (
        <ul className="problem-files">
          {files.slice(0, FILES_SHOWN_PER_GROUP).map((problem) => (
            <li key={problem.path} data-testid="folder-problem" data-state={problem.state} title={problem.path}>
              <span className="path">{pathInFolder(problem.path, folder)}</span>
              {problem.reason === group.label ? null : <span className="muted"> {problem.reason}</span>}
            </li>
          ))}
          {hidden > 0 ? (
            <li className="muted">
              and {formatCount(hidden)} more {hidden === 1 ? 'file' : 'files'}: the filter above narrows them
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
});
