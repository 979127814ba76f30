/**
 * The .deb builder electron-builder runs in place of fpm (scripts/fpm-deb.mjs): the arguments it
 * is given become a package dpkg reads, with the dependencies in its control file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDeb, parseFpmArgs } from '../../scripts/fpm-deb.mjs';

/** The arguments electron-builder's FpmTarget gives for a deb, around an unpacked app in `work`. */
function electronBuilderArgs(work: string): string[] {
  const app = join(work, 'linux-unpacked');
  mkdirSync(join(app, 'resources'), { recursive: true });
  writeFileSync(join(app, 'semantik'), '#!/bin/sh\n');
  chmodSync(join(app, 'semantik'), 0o755);
  writeFileSync(join(app, 'resources', 'app.asar'), 'archive');
  writeFileSync(join(work, 'after-install.sh'), '#!/bin/sh\nexit 0\n');
  writeFileSync(join(work, 'after-remove.sh'), '#!/bin/sh\nexit 0\n');
  writeFileSync(join(work, 'semantik.desktop'), '[Desktop Entry]\nName=Semantik\n');
  return [
    ...['-s', 'dir', '--force', '-t', 'deb'],
    ...['-d', 'redis-server (>= 5:7.0)', '-d', 'libappindicator3-1 | libayatana-appindicator3-1', '-d', 'libnotify4'],
    ...['--deb-recommends', 'libappindicator3-1', '--deb-compression', 'gz'],
    ...['--architecture', 'amd64', '--after-install', join(work, 'after-install.sh'), '--after-remove', join(work, 'after-remove.sh')],
    ...['--description', 'Semantic search over your folders\n Index documents and search them.', '--version', '0.1.0'],
    ...['--package', join(work, 'out.deb'), '--name', 'semantik-desktop', '--maintainer', 'Semantik contributors <semantik@example.org>'],
    ...['--vendor', 'Semantik contributors', '--url', 'https://semantik.example.org', '--deb-priority', 'optional', '--license', 'MIT'],
    `${app}/=/opt/Semantik`,
    `${join(work, 'semantik.desktop')}=/usr/share/applications/semantik.desktop`,
  ];
}

describe('fpm-deb', () => {
  it('refuses options it does not know, and sources other than a folder', () => {
    expect(() => parseFpmArgs(['-s', 'dir', '-t', 'deb', '--rpm-os', 'linux'])).toThrow(/unsupported fpm option --rpm-os/);
    expect(() =>
      parseFpmArgs(['-s', 'gem', '-t', 'deb', '--name', 'x', '--version', '1', '--architecture', 'all', '--package', 'x.deb']),
    ).toThrow(/only `-s dir -t deb`/);
    expect(() => parseFpmArgs(['-s', 'dir', '-t', 'deb', '--version', '1', '--architecture', 'all', '--package', 'x.deb'])).toThrow(
      /--name is required/,
    );
  });

  it('builds a .deb whose control file lists the dependencies, with the files and scripts in place', () => {
    const work = mkdtempSync(join(tmpdir(), 'fpm-deb-'));
    const deb = buildDeb(parseFpmArgs(electronBuilderArgs(work)));
    const field = (name: string): string => spawnSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).stdout.trim();
    expect(field('Package')).toBe('semantik-desktop');
    expect(field('Version')).toBe('0.1.0');
    expect(field('Architecture')).toBe('amd64');
    expect(field('Depends')).toBe('redis-server (>= 5:7.0), libappindicator3-1 | libayatana-appindicator3-1, libnotify4');
    expect(field('Recommends')).toBe('libappindicator3-1');
    expect(field('Homepage')).toBe('https://semantik.example.org');
    expect(field('Description')).toContain('Semantic search over your folders');
    const files = spawnSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' }).stdout;
    expect(files).toMatch(/-rwxr-xr-x root\/root .* \.\/opt\/Semantik\/semantik\n/);
    expect(files).toContain('./opt/Semantik/resources/app.asar');
    expect(files).toContain('./usr/share/applications/semantik.desktop');
    const control = spawnSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' }).stdout;
    expect(control).toContain('postinst');
    expect(control).toContain('postrm');
  });
});
