import type { ReactElement } from 'react';
import { FoldersPanel } from './FoldersPanel';
import { GpusPanel } from './GpusPanel';
import { Header } from './Header';
import { JobsPanel } from './JobsPanel';
import { ModelsPanel } from './ModelsPanel';
import { Notices } from './Notices';
import { QueuesPanel } from './QueuesPanel';
import { SearchPanel } from './SearchPanel';
import { WorkersPanel } from './WorkersPanel';

/** The page: header, notices, then the panels in a two-column grid (one column when narrow). */
export function Layout(): ReactElement {
  return (
    <>
      <Header />
      <Notices />
      <main className="grid">
        <FoldersPanel />
        <SearchPanel />
        <WorkersPanel />
        <QueuesPanel />
        <GpusPanel />
        <ModelsPanel />
        <JobsPanel />
      </main>
    </>
  );
}
