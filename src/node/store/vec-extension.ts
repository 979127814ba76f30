/**
 * Where SQLite finds the sqlite-vec extension.
 *
 * SQLite loads an extension with the system's own dlopen, which cannot read inside Electron's
 * app.asar archive: in a packaged app the file lives in app.asar.unpacked (electron-builder's
 * asarUnpack), while module resolution still names a path inside app.asar. Node's own addons do
 * not need this (Electron redirects process.dlopen); SQLite extensions do.
 */
import * as sqliteVec from 'sqlite-vec';

const ASAR_SEGMENT = /([\\/])app\.asar([\\/])/;

/** The same path outside the archive, where electron-builder unpacks native files. */
export function unpackedPath(path: string): string {
  return path.replace(ASAR_SEGMENT, '$1app.asar.unpacked$2');
}

/** The extension's file, outside app.asar when packaged. */
export function vecExtensionPath(): string {
  return unpackedPath(sqliteVec.getLoadablePath());
}
