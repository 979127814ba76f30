import type { ReactElement } from 'react';
import { ModelsPanel } from './ModelsPanel';

/** The models panel on its own page. */
export function ModelsView(): ReactElement {
  return (
    <main className="view" data-testid="view-models">
      <ModelsPanel />
    </main>
  );
}
