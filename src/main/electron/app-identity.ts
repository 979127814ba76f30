/**
 * The app's identity towards the OS (pure; no electron import).
 */

/** electron-builder.yml's `appId`: the installer registers the Start menu shortcut under it. */
export const APP_ID = 'org.semantik.desktop';

/**
 * The AppUserModelID to set at start, or null where there is none to set. Windows groups taskbar
 * buttons and delivers toast notifications by this ID; unless it matches the shortcut's, the app's
 * notifications do not show (or show under electron.exe's name).
 */
export function appUserModelId(platform: NodeJS.Platform): string | null {
  return platform === 'win32' ? APP_ID : null;
}
