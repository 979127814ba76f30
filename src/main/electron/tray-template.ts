/**
 * The tray menu as data, built from engine state by a pure function (no electron import), so it is
 * unit-tested without Electron and rebuilt whenever the state changes.
 */

/** What the tray shows. */
export interface TrayState {
  targetWorkers: number;
  maxWorkers: number;
  paused: boolean;
  /** Folders with a run in progress. */
  indexing: number;
}

/** What the tray's items do. */
export interface TrayActions {
  scale(count: number): void;
  pause(): void;
  resume(): void;
  showWindow(): void;
  openWebMonitor(): void;
  /** Opens the folder of the log files, to read them or attach them to a report. */
  showLogs(): void;
  quit(): void;
}

/** A menu item; structurally a subset of Electron's MenuItemConstructorOptions. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'radio';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: TrayMenuItem[];
}

/** Builds the tray menu: status, worker count (radio 0..max), pause/resume, window, web monitor, logs, quit. */
export function buildTrayTemplate(state: TrayState, actions: TrayActions): TrayMenuItem[] {
  const max = Math.max(0, state.maxWorkers);
  const current = Math.min(Math.max(0, state.targetWorkers), max);
  const workerItems: TrayMenuItem[] = Array.from({ length: max + 1 }, (_, count) => ({
    label: String(count),
    type: 'radio',
    checked: count === current,
    click: () => actions.scale(count),
  }));
  return [
    { label: statusLine(state, current), enabled: false },
    { type: 'separator' },
    { label: `Workers (${current})`, type: 'submenu', submenu: workerItems },
    state.paused
      ? { label: 'Resume all queues', click: () => actions.resume() }
      : { label: 'Pause all queues', click: () => actions.pause() },
    { type: 'separator' },
    { label: 'Show window', click: () => actions.showWindow() },
    { label: 'Open web monitor', click: () => actions.openWebMonitor() },
    { label: 'Show logs', click: () => actions.showLogs() },
    { type: 'separator' },
    { label: 'Quit Semantik', click: () => actions.quit() },
  ];
}

function statusLine(state: TrayState, workers: number): string {
  const work = state.paused
    ? 'paused'
    : state.indexing > 0
      ? `indexing ${state.indexing} folder${state.indexing === 1 ? '' : 's'}`
      : 'idle';
  return `Semantik: ${work}, ${workers} worker${workers === 1 ? '' : 's'}`;
}
