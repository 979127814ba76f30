import type { ReactElement } from 'react';
import { appActions, useApp } from '../state/app-slice';

/** Errors from failed calls and "folder finished" messages, each dismissible. */
export function Notices(): ReactElement | null {
  const notices = useApp((state) => state.notices);
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
