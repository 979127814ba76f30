#!/usr/bin/env node
// Builds a .deb from the arguments electron-builder gives fpm (`fpm -s dir -t deb …`), with
// Debian's own dpkg-deb. electron-builder otherwise downloads a Ruby build of fpm at packaging time;
// where dpkg-deb is installed, `npm run dist` points electron-builder here (CUSTOM_FPM_PATH) and
// packaging needs no download for the .deb.
//
// Understood: -s dir, -t deb, --force, --debug, --log, -d/--depends, --deb-recommends,
// --deb-compression, --architecture, --after-install, --after-remove, --description, --version,
// --iteration, --package, --name, --maintainer, --vendor, --url, --category, --deb-priority,
// --license, and SOURCE=DEST mappings (a SOURCE ending in / copies that folder's contents). Any
// other option is refused by name, so a new electron-builder cannot be packaged wrong in silence.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Options that take a value, by fpm name → key in the parsed result. */
const VALUED = {
  '-s': 'source',
  '-t': 'target',
  '--log': 'log',
  '--deb-compression': 'compression',
  '--architecture': 'architecture',
  '--after-install': 'afterInstall',
  '--after-remove': 'afterRemove',
  '--description': 'description',
  '--version': 'version',
  '--iteration': 'iteration',
  '--package': 'package',
  '--name': 'name',
  '--maintainer': 'maintainer',
  '--vendor': 'vendor',
  '--url': 'url',
  '--category': 'category',
  '--deb-priority': 'priority',
  '--license': 'license',
};
const LISTS = { '-d': 'depends', '--depends': 'depends', '--deb-recommends': 'recommends' };
const FLAGS = new Set(['--force', '--debug']);

export class FpmArgsError extends Error {}

/** The fpm command line as data: options, lists and SOURCE=DEST mappings. */
export function parseFpmArgs(args) {
  const parsed = { depends: [], recommends: [], mappings: [] };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (FLAGS.has(arg)) continue;
    const key = VALUED[arg] ?? LISTS[arg];
    if (key !== undefined) {
      if (i + 1 >= args.length) throw new FpmArgsError(`${arg} needs a value`);
      const value = args[(i += 1)];
      if (LISTS[arg] !== undefined) parsed[key].push(value);
      else parsed[key] = value;
      continue;
    }
    if (arg.startsWith('-')) throw new FpmArgsError(`unsupported fpm option ${arg}: this builder makes .deb files from folders only`);
    const at = arg.indexOf('=');
    if (at <= 0) throw new FpmArgsError(`expected SOURCE=DEST, got ${arg}`);
    parsed.mappings.push({ source: arg.slice(0, at), dest: arg.slice(at + 1) });
  }
  if (parsed.source !== 'dir' || parsed.target !== 'deb') throw new FpmArgsError('only `-s dir -t deb` is supported');
  for (const required of ['name', 'version', 'architecture', 'package']) {
    if (parsed[required] === undefined) throw new FpmArgsError(`--${required} is required`);
  }
  return parsed;
}

/** A control file's Description: the synopsis line, then the body indented, blank lines as " .". */
function controlDescription(text = '') {
  const [first = '', ...rest] = text.split('\n');
  const body = rest.map((line) => line.trim()).map((line) => ` ${line === '' ? '.' : line}`);
  return [first.trim() || 'no description', ...body].join('\n');
}

/** The DEBIAN/control file for `parsed`, with the installed size in KiB. */
export function controlFile(parsed, installedKiB) {
  const version = parsed.iteration ? `${parsed.version}-${parsed.iteration}` : parsed.version;
  const fields = [
    ['Package', parsed.name],
    ['Version', version],
    ['License', parsed.license],
    ['Vendor', parsed.vendor],
    ['Architecture', parsed.architecture],
    ['Maintainer', parsed.maintainer ?? 'unknown'],
    ['Installed-Size', String(installedKiB)],
    ['Depends', parsed.depends.join(', ')],
    ['Recommends', parsed.recommends.join(', ')],
    ['Section', parsed.category],
    ['Priority', parsed.priority],
    ['Homepage', parsed.url],
    ['Description', controlDescription(parsed.description)],
  ];
  return `${fields
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')}\n`;
}

function sizeKiB(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return Math.ceil(info.size / 1024);
  return Number(spawnSync('du', ['-sk', path], { encoding: 'utf8' }).stdout.split('\t')[0]);
}

/** Builds the .deb; returns its path. */
export function buildDeb(parsed) {
  const root = mkdtempSync(join(tmpdir(), 'semantik-deb-'));
  try {
    for (const { source, dest } of parsed.mappings) {
      if (!existsSync(source)) throw new FpmArgsError(`File not found: ${source}`);
      const target = join(root, dest);
      mkdirSync(source.endsWith('/') ? target : dirname(target), { recursive: true });
      if (statSync(source).isDirectory()) cpSync(source, target, { recursive: true, verbatimSymlinks: true });
      else copyFileSync(source, target);
    }
    const installedKiB = sizeKiB(root);
    mkdirSync(join(root, 'DEBIAN'));
    writeFileSync(join(root, 'DEBIAN', 'control'), controlFile(parsed, installedKiB));
    for (const [script, name] of [
      [parsed.afterInstall, 'postinst'],
      [parsed.afterRemove, 'postrm'],
    ]) {
      if (script === undefined) continue;
      copyFileSync(script, join(root, 'DEBIAN', name));
      chmodSync(join(root, 'DEBIAN', name), 0o755);
    }
    rmSync(parsed.package, { force: true });
    const compression = parsed.compression === 'gz' ? 'gzip' : (parsed.compression ?? 'xz');
    const built = spawnSync('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', root, parsed.package], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`dpkg-deb failed: ${built.stderr || built.error?.message}`);
    return parsed.package;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const path = buildDeb(parseFpmArgs(process.argv.slice(2)));
    console.log(`[fpm-deb] built ${path} with dpkg-deb`);
  } catch (error) {
    console.error(`[fpm-deb] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
