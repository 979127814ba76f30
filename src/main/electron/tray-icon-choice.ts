/**
 * Which tray image a platform gets (pure; no electron import): the macOS menu bar wants a 16 pt
 * template image (black and transparent, recoloured by the system for light and dark bars) with a
 * 2x version for Retina screens; a 32 px colour icon there would be drawn oversized and never
 * follow the bar's colour. Windows and Linux trays take the colour icon.
 */
import { TRAY_ICON_DATA_URL, TRAY_TEMPLATE_2X_DATA_URL, TRAY_TEMPLATE_DATA_URL } from './tray-icon';

export interface TrayIconSpec {
  /** The 1x image. */
  dataUrl: string;
  /** The image for scale factor 2, where there is one. */
  retinaDataUrl: string | null;
  /** Marked as a template image (macOS). */
  template: boolean;
}

export function trayIconSpec(platform: NodeJS.Platform): TrayIconSpec {
  if (platform === 'darwin') return { dataUrl: TRAY_TEMPLATE_DATA_URL, retinaDataUrl: TRAY_TEMPLATE_2X_DATA_URL, template: true };
  return { dataUrl: TRAY_ICON_DATA_URL, retinaDataUrl: null, template: false };
}
