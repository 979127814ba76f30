/**
 * Start-up: installs the API, subscribes to pushed events, then loads the app info and the first
 * snapshot. After a reconnect of the web page's socket the snapshot is loaded again.
 */
import type { Host } from '../api/host-bridge';
import { setApi, setHostBridge } from './api-ref';
import { appActions } from './app-slice';
import { jobActions } from './jobs-slice';
import { modelActions } from './models-slice';
import { monitorActions } from './monitor-slice';
import { navActions } from './nav-slice';
import { searchActions } from './search-slice';
import { taskDetailActions } from './task-detail-slice';
import { taskActions } from './tasks-slice';
import { routeOfHash } from './views';
import { workerActions } from './workers-slice';

/** Whether a key press goes to a text control (where `/` is a character, not a shortcut). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** `/` from anywhere but a text field: the search view, with the focus in its query box. */
function onGlobalKey(event: KeyboardEvent): void {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  event.preventDefault();
  navActions.go('search');
  searchActions.focusInput();
}

/** Shows what an address names: its view and, in the tasks view, the task's detail (Back and Forward included). */
function followAddress(hash: string): void {
  navActions.followHash(hash);
  const { view, task } = routeOfHash(hash);
  if (view !== 'tasks') return;
  const open = taskDetailActions.current();
  if (task !== null && task !== open) void taskDetailActions.open(task);
  if (task === null && open !== null) taskDetailActions.close();
}

/** Connects the slices to the host's API; resolves when the first snapshot is in (or failed). */
export async function startApp(host: Host): Promise<void> {
  const api = host.api;
  setApi(api);
  setHostBridge(host.bridge);
  api.on('monitor:update', (snapshot) => {
    monitorActions.apply(snapshot);
    workerActions.track(snapshot);
    appActions.countUpdate();
    jobActions.refresh();
    taskActions.refresh();
    taskDetailActions.refresh();
  });
  window.addEventListener('hashchange', () => followAddress(window.location.hash));
  window.addEventListener('keydown', onGlobalKey);
  api.on('folder:finished', ({ path, indexed, failed }) => {
    appActions.notify('info', `Finished ${path}: ${indexed} files indexed${failed > 0 ? `, ${failed} failed` : ''}`, true);
  });
  api.on('models:changed', (overview) => modelActions.apply(overview));
  let opened = 0;
  host.onStatus((status) => {
    appActions.setConnection(status);
    if (status !== 'open') return;
    opened += 1;
    // Updates missed while disconnected are not replayed: take a fresh snapshot.
    if (opened > 1)
      api
        .invoke('monitor:snapshot', {})
        .then(monitorActions.apply, (error: unknown) => appActions.reportError('Reloading the monitor', error));
  });
  try {
    const [info, snapshot] = await Promise.all([api.invoke('app:info', {}), api.invoke('monitor:snapshot', {})]);
    monitorActions.apply(snapshot);
    workerActions.track(snapshot);
    appActions.started(info, host.bridge !== null);
    // A bookmarked or reloaded task address opens its detail.
    followAddress(window.location.hash);
    // Not awaited: the monitor is usable before the hub has answered (offline, that takes seconds).
    void modelActions.load();
  } catch (error) {
    appActions.startFailed(error);
  }
}
