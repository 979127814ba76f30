/** The fpm command line electron-builder gives for a .deb, as data. */
export interface FpmArgs {
  source: string;
  target: string;
  name: string;
  version: string;
  architecture: string;
  package: string;
  depends: string[];
  recommends: string[];
  mappings: Array<{ source: string; dest: string }>;
  [option: string]: unknown;
}
export class FpmArgsError extends Error {}
export function parseFpmArgs(args: readonly string[]): FpmArgs;
export function controlFile(parsed: FpmArgs, installedKiB: number): string;
export function buildDeb(parsed: FpmArgs): string;
