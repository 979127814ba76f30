import { describe, expect, it } from 'vitest';
import { closeHidesWindow, isPlainGnome } from '../../src/main/electron/window-close';

describe('closeHidesWindow', () => {
  it('quits on every platform while there is no tray yet', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(closeHidesWindow({ trayCreated: false, platform, desktop: 'KDE' })).toBe(false);
    }
  });

  it('hides to the tray on Windows and macOS once the tray exists', () => {
    expect(closeHidesWindow({ trayCreated: true, platform: 'win32', desktop: undefined })).toBe(true);
    expect(closeHidesWindow({ trayCreated: true, platform: 'darwin', desktop: undefined })).toBe(true);
  });

  it.each(['KDE', 'XFCE', 'X-Cinnamon', 'MATE', 'LXQt', 'ubuntu:GNOME', 'pop:GNOME', 'GNOME-Flashback:GNOME', 'Unity', undefined, ''])(
    'hides to the tray on Linux under %s, whose tray shows',
    (desktop) => {
      expect(closeHidesWindow({ trayCreated: true, platform: 'linux', desktop })).toBe(true);
    },
  );

  it.each(['GNOME', 'gnome', 'GNOME-Classic:GNOME'])('quits on plain GNOME (%s), which shows no tray icons', (desktop) => {
    expect(isPlainGnome(desktop)).toBe(true);
    expect(closeHidesWindow({ trayCreated: true, platform: 'linux', desktop })).toBe(false);
  });
});
