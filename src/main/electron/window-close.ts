/**
 * What closing the window does (pure; no electron import).
 */

/** What {@link closeHidesWindow} decides from. */
export interface CloseContext {
  /** The tray icon exists (it is made once the engine has started). */
  trayCreated: boolean;
  platform: NodeJS.Platform;
  /** `XDG_CURRENT_DESKTOP`: colon-separated desktop names, e.g. `ubuntu:GNOME`, `KDE`. */
  desktop: string | undefined;
}

/**
 * True when closing should hide the window to the tray (indexing goes on, the tray brings it
 * back); false when it should quit, because no tray would show the app is still running: before
 * the tray exists, or on plain GNOME, whose shell shows no tray icons without the AppIndicator
 * extension. Other Linux desktops (KDE, XFCE, Cinnamon, MATE, Ubuntu's GNOME, which ships that
 * extension) show them; a desktop that does not name itself, usually a window manager with its own
 * bar, is taken to show them too.
 */
export function closeHidesWindow({ trayCreated, platform, desktop }: CloseContext): boolean {
  if (!trayCreated) return false;
  return platform !== 'linux' || !isPlainGnome(desktop);
}

/**
 * GNOME as upstream ships it (Fedora, Debian, Arch): every name is GNOME's own. A distribution's
 * session adds its name first (`ubuntu:GNOME`, `pop:GNOME`) and brings the extension.
 */
export function isPlainGnome(desktop: string | undefined): boolean {
  const names = (desktop ?? '')
    .split(':')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return names.length > 0 && names.every((name) => name === 'gnome' || name === 'gnome-classic');
}
