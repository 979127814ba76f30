// A STAND-IN for an unpacked Electron, for packaging checks where Electron's binary cannot be
// downloaded: a folder electron-builder accepts as `electronDist` (an `electron` executable that
// only says it is a stand-in, the licence files, `version`). What it packs is the real app around a
// binary that does not run: good for checking the package's layout and metadata, never to ship.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the stand-in into `dir`, claiming to be Electron `version`. */
export function makeStandInElectron(dir, version) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(exe, '#!/bin/sh\necho "stand-in for Electron (scripts/stand-in-electron.mjs): not runnable" >&2\nexit 1\n');
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'LICENSE'), '');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '');
  writeFileSync(join(dir, 'version'), `${version}\n`);
}
