/**
 * The tray icon and its menu, rebuilt from engine state when that state changes.
 */
import { Menu, nativeImage, Tray } from 'electron';
import type { MonitorSnapshot } from '../../shared/monitor-types';
import { runningFolders } from './taskbar-progress';
import { buildTrayTemplate, type TrayActions, type TrayState } from './tray-template';
import { TRAY_ICON_DATA_URL } from './tray-icon';

/** A tray whose menu follows the monitor snapshots. */
export interface AppTray {
  update(snapshot: MonitorSnapshot): void;
  setToolTip(text: string): void;
  destroy(): void;
}

/** Creates the tray with an initial menu. */
export function createAppTray(initial: TrayState, actions: TrayActions): AppTray {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  tray.setToolTip('Semantik');
  tray.on('click', () => actions.showWindow());
  let shown = '';
  const render = (state: TrayState): void => {
    // Snapshots arrive ten times a second; rebuild the native menu only when what it shows changes.
    const key = JSON.stringify(state);
    if (key === shown) return;
    shown = key;
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayTemplate(state, actions)));
  };
  render(initial);
  return {
    update: (snapshot) =>
      render({
        targetWorkers: snapshot.targetWorkers,
        maxWorkers: snapshot.maxWorkers,
        paused: snapshot.paused,
        indexing: runningFolders(snapshot),
      }),
    setToolTip: (text) => tray.setToolTip(text),
    destroy: () => tray.destroy(),
  };
}
