/**
 * The tray icon and its menu, rebuilt from engine state when that state changes.
 */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { MonitorSnapshot } from '../../shared/monitor-types';
import { runningFolders } from './taskbar-progress';
import { buildTrayTemplate, type TrayActions, type TrayState } from './tray-template';
import { trayIconSpec } from './tray-icon-choice';

/** A tray whose menu follows the monitor snapshots. */
export interface AppTray {
  update(snapshot: MonitorSnapshot): void;
  setToolTip(text: string): void;
  destroy(): void;
}

/** Creates the tray with an initial menu. */
export function createAppTray(initial: TrayState, actions: TrayActions): AppTray {
  const tray = new Tray(trayImage());
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

/** The platform's tray image (tray-icon-choice.ts). */
function trayImage(): NativeImage {
  const spec = trayIconSpec(process.platform);
  const image = nativeImage.createFromDataURL(spec.dataUrl);
  if (spec.retinaDataUrl !== null) image.addRepresentation({ scaleFactor: 2, dataURL: spec.retinaDataUrl });
  if (spec.template) image.setTemplateImage(true);
  return image;
}
