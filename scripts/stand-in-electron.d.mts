/** Writes a stand-in for an unpacked Electron into `dir`, claiming to be Electron `version`. */
export function makeStandInElectron(dir: string, version: string): void;
