import type { ReactElement } from 'react';
import { useSnapshot } from '../state/monitor-slice';
import { navActions } from '../state/nav-slice';
import { SearchPanel } from './SearchPanel';
import { SearchPreview } from './SearchPreview';

/** The home view: search at full width, the results on the left and the chosen passage's text on the right. */
export function SearchView(): ReactElement {
  const folders = useSnapshot((snapshot) => snapshot.folders.length, null);
  return (
    <main className="view search-view" data-testid="view-search">
      {folders === 0 ? (
        <p className="notice notice-info search-first" data-testid="search-no-folders">
          Nothing is indexed yet:{' '}
          <button type="button" className="link" onClick={() => navActions.go('folders')}>
            add a folder in Folders
          </button>{' '}
          (drop it there, or type its path).
        </p>
      ) : null}
      <SearchPanel />
      <SearchPreview />
    </main>
  );
}
