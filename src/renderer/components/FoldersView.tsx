import type { ReactElement } from 'react';
import { FoldersPanel } from './FoldersPanel';
import { GpusPanel } from './GpusPanel';
import { JobsPanel } from './JobsPanel';
import { ModelsPanel } from './ModelsPanel';
import { QueuesPanel } from './QueuesPanel';
import { SearchPanel } from './SearchPanel';
import { WorkersPanel } from './WorkersPanel';

/**
 * Folders and search, with the compact workers, queues, GPUs, models and jobs panels beside them:
 * the whole app at a glance. The other views show each of these in depth.
 */
export function FoldersView(): ReactElement {
  return (
    <main className="grid" data-testid="view-folders">
      <FoldersPanel />
      <SearchPanel />
      <WorkersPanel />
      <QueuesPanel />
      <GpusPanel />
      <ModelsPanel />
      <JobsPanel />
    </main>
  );
}
