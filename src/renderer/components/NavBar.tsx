import type { ReactElement } from 'react';
import { formatCount } from '../format';
import { useSnapshot } from '../state/monitor-slice';
import { navActions, useNav } from '../state/nav-slice';
import { VIEW_LABELS, VIEWS } from '../state/views';

/** The views, as tabs under the header; failed and active job counts ride on the Tasks tab. */
export function NavBar(): ReactElement {
  const view = useNav((state) => state.view);
  const failed = useSnapshot((snapshot) => snapshot.queues.reduce((sum, queue) => sum + queue.failed, 0), 0);
  const active = useSnapshot((snapshot) => snapshot.queues.reduce((sum, queue) => sum + queue.active, 0), 0);
  return (
    <nav className="nav" data-testid="nav" aria-label="Views">
      {VIEWS.map((one) => (
        <a
          key={one}
          href={`#${one}`}
          className={one === view ? 'nav-item nav-current' : 'nav-item'}
          aria-current={one === view ? 'page' : undefined}
          data-testid={`nav-${one}`}
          onClick={(event) => {
            event.preventDefault();
            navActions.go(one);
          }}
        >
          {VIEW_LABELS[one]}
          {one === 'tasks' && active > 0 ? <span className="nav-count">{formatCount(active)} active</span> : null}
          {one === 'tasks' && failed > 0 ? <span className="nav-count nav-bad">{formatCount(failed)} failed</span> : null}
        </a>
      ))}
    </nav>
  );
}
