import type { ReactElement } from 'react';
import { assertNever } from '../../shared/errors';
import { useNav } from '../state/nav-slice';
import type { View } from '../state/views';
import { BrokerView } from './BrokerView';
import { DashboardView } from './DashboardView';
import { FoldersView } from './FoldersView';
import { GpusView } from './GpusView';
import { Header } from './Header';
import { ModelsView } from './ModelsView';
import { NavBar } from './NavBar';
import { Notices } from './Notices';
import { SchedulesView } from './SchedulesView';
import { SearchView } from './SearchView';
import { SettingsView } from './SettingsView';
import { TasksView } from './TasksView';
import { WorkersView } from './WorkersView';

/** The element of one view. */
function viewElement(view: View): ReactElement {
  switch (view) {
    case 'search':
      return <SearchView />;
    case 'folders':
      return <FoldersView />;
    case 'dashboard':
      return <DashboardView />;
    case 'tasks':
      return <TasksView />;
    case 'workers':
      return <WorkersView />;
    case 'gpus':
      return <GpusView />;
    case 'broker':
      return <BrokerView />;
    case 'schedules':
      return <SchedulesView />;
    case 'models':
      return <ModelsView />;
    case 'settings':
      return <SettingsView />;
    default:
      return assertNever(view, 'view');
  }
}

/** The page: header, the views' navigation, notices, then the view chosen. */
export function Layout(): ReactElement {
  const view = useNav((state) => state.view);
  return (
    <>
      <Header />
      <NavBar />
      <Notices />
      {viewElement(view)}
    </>
  );
}
