import type { ReactElement } from 'react';
import { FoldersPanel } from './FoldersPanel';
import { GpusPanel } from './GpusPanel';
import { JobsPanel } from './JobsPanel';
import { ModelsPanel } from './ModelsPanel';
import { QueuesPanel } from './QueuesPanel';
import { WorkersPanel } from './WorkersPanel';

/**
 * The folders, with the compact workers, queues, GPUs, models and jobs panels beside them: the
 * indexing at a glance. The other views show each of these in depth; search has its own view.
 */
export function FoldersView(): ReactElement {
  return (
    <main className="grid" data-testid="view-folders">
      <FoldersPanel />
      <WorkersPanel />
      <QueuesPanel />
      <GpusPanel />
      <ModelsPanel />
      <JobsPanel />
    </main>
  );
}
