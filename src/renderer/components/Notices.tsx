import type { ReactElement } from 'react';
import { appActions, useApp } from '../state/app-slice';
import { useNav } from '../state/nav-slice';

/** Errors from failed calls (on the view where the call was made) and "folder finished" messages, each dismissible. */
export function Notices(): ReactElement | null {
  const view = useNav((state) => state.view);
  const all = useApp((state) => state.notices);
  const notices = all.filter((notice) => notice.view === null || notice.view === view);
  if (notices.length === 0) return null;
  return (
    <ul className="notices">
      {notices.map((notice) => (
        <li
          key={notice.id}
          className={`notice notice-${notice.kind}`}
          data-testid="notice"
          data-kind={notice.kind}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{notice.text}</span>
          <button type="button" className="link" onClick={() => appActions.dismiss(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
