/**
 * The packaged app, checked offline: electron-builder packs the built bundles (`out/`) against a
 * stand-in Electron (no download), and the test reads the result the way Electron would.
 *
 * Needs `npm run build` first (`npm test` builds, then runs it as `npm run test:package`). Each
 * run of the packaged code happens in a plain Node child process, with the archive extracted and
 * every file a system loader opens taken from app.asar.unpacked only, as in the real package.
 */
import { extractAll, getRawHeader } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Arch, Platform, build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStandInElectron } from '../../scripts/stand-in-electron.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_MAIN = join(ROOT, 'out', 'main');
/** The Electron version the stand-in claims to be (package.json's devDependency). */
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
  .devDependencies['electron'];
const SYSTEM_REDIS = '/usr/bin/redis-server';
const REDIS_DIR = `redis/${process.platform}-${process.arch}`;

/** Packages that only build, test or lint the app: none of them may ship. */
const DEV_ONLY = ['vitest', 'vite', 'typescript', 'eslint', 'playwright-core', 'electron', 'electron-builder', 'esbuild', 'tsx'];
/** Whole scopes that must not ship (esbuild's per-platform binaries). */
const DEV_ONLY_SCOPES = ['@esbuild'];
/** Files the system's loader (or SQLite's) opens by path: they cannot be read inside the archive. */
const DLOPEN_FILE = /\.(so(\.\d+)*|dylib|dll)$/;

interface ArchiveEntry {
  path: string;
  unpacked: boolean;
}

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  unpacked?: boolean;
}

/** Every file of the archive (posix paths, no leading slash) and whether it is unpacked. */
function archiveEntries(asarPath: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (child.files !== undefined) walk(child, path);
      else entries.push({ path, unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(asarPath).header as HeaderNode, '');
  return entries;
}

/** Every file under `dir`, as posix paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Bare modules the built main-process bundles import (static, dynamic or require). */
function importedPackages(): string[] {
  const found = new Set<string>();
  const patterns = [
    // Statements at the start of a line only: bundled libraries carry text such as Lua comments
    // reading `requires code from "moveToFinished"`.
    /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"'.][^"']*)["']/gm,
    /^import\s*["']([^"'.][^"']*)["']/gm,
    /\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g,
    /\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g,
  ];
  for (const file of filesUnder(OUT_MAIN).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(OUT_MAIN, file), 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1] ?? '';
        if (specifier.startsWith('/') || isBuiltin(specifier) || specifier === 'electron') continue;
        found.add(packageOf(specifier));
      }
    }
  }
  return [...found].sort();
}

describe('the packaged app (electron-builder --linux dir, stand-in Electron)', () => {
  let work: string;
  let resources: string;
  let asarPath: string;
  let entries: ArchiveEntry[];
  let unpacked: string[];

  beforeAll(async () => {
    if (!existsSync(join(OUT_MAIN, 'index.js'))) {
      throw new Error('out/main/index.js is missing: run `npm run build` before `npm run test:package`');
    }
    if (!existsSync(SYSTEM_REDIS)) throw new Error(`${SYSTEM_REDIS} is missing: the stand-in for the bundled Redis copies it`);
    work = mkdtempSync(join(tmpdir(), 'semantik-package-'));
    const electronDist = join(work, 'stand-in-electron-dist');
    makeStandInElectron(electronDist, ELECTRON_VERSION);
    // `npm run dist` bundles a Redis build (scripts/fetch-redis.mjs, slow and online); the system's
    // redis-server stands in for it here.
    const redisStandIn = join(work, 'stand-in-bundled-redis');
    mkdirSync(redisStandIn);
    copyFileSync(SYSTEM_REDIS, join(redisStandIn, 'redis-server'));
    const output = join(work, 'dist');
    await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: {
        electronDist,
        npmRebuild: false,
        directories: { output },
        extraResources: [{ from: redisStandIn, to: REDIS_DIR }],
      },
    });
    resources = join(output, 'linux-unpacked', 'resources');
    asarPath = join(resources, 'app.asar');
    entries = archiveEntries(asarPath);
    unpacked = filesUnder(join(resources, 'app.asar.unpacked'));
  }, 900_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('holds the bundles, the thread entries and package.json', () => {
    const paths = new Set(entries.map((e) => e.path));
    for (const file of [
      'package.json',
      'out/main/index.js',
      'out/main/worker-main.js',
      'out/main/extract-thread.js',
      'out/main/embed-thread.js',
      'out/main/history-read-thread.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(paths, file).toContain(file);
    }
  });

  it('holds every package the main-process bundles import', () => {
    const imported = importedPackages();
    expect(imported).toContain('better-sqlite3');
    const present = new Set([...entries.map((e) => e.path), ...unpacked]);
    const missing = imported.filter((pkg) => !present.has(`node_modules/${pkg}/package.json`));
    expect(missing).toEqual([]);
  });

  it('unpacks every native addon and the sqlite-vec extension', () => {
    const natives = entries.filter((e) => e.path.endsWith('.node') || DLOPEN_FILE.test(e.path));
    expect(natives.map((e) => e.path)).toContain('node_modules/sqlite-vec-linux-x64/vec0.so');
    const packedOnly = natives.filter((e) => !e.unpacked || !unpacked.includes(e.path)).map((e) => e.path);
    expect(packedOnly).toEqual([]);
  });

  it('ships the default model and the Redis binary beside the archive', () => {
    expect(filesUnder(join(resources, 'models')).length).toBeGreaterThan(0);
    expect(existsSync(join(resources, REDIS_DIR, 'redis-server'))).toBe(true);
  });

  it('ships no development-only package', () => {
    const shipped = [...entries.map((e) => e.path), ...unpacked];
    const devOnly = shipped.filter(
      (path) =>
        DEV_ONLY.some((pkg) => path.includes(`node_modules/${pkg}/`)) ||
        DEV_ONLY_SCOPES.some((scope) => path.includes(`node_modules/${scope}/`)),
    );
    expect([...new Set(devOnly.map((p) => p.replace(/^(.*?node_modules\/(@[^/]+\/)?[^/]+)\/.*$/, '$1')))]).toEqual([]);
  });

  /**
   * The archive's files at the paths they have in the package (a folder named app.asar), minus
   * every file the system's or SQLite's dlopen would have to read from disk: those exist only in
   * app.asar.unpacked, as in the real package. Node addons (.node) stay, or are the unpacked ones
   * where libraries sit beside them: Electron redirects them.
   * Made once, by the first test that needs it.
   */
  let layout: string | undefined;
  function packagedLayout(): string {
    if (layout !== undefined) return layout;
    const dir = join(work, 'run', 'resources');
    const extracted = join(dir, 'app.asar');
    extractAll(asarPath, extracted);
    const dlopenFiles = filesUnder(extracted).filter((f) => DLOPEN_FILE.test(f));
    for (const file of dlopenFiles) rmSync(join(extracted, file));
    // Electron loads an addon (.node) of the archive from app.asar.unpacked, where the libraries
    // beside it are: a folder holding both is the unpacked one here too.
    const addonDirs = new Set(
      filesUnder(extracted)
        .filter((f) => f.endsWith('.node'))
        .map((f) => dirname(f)),
    );
    for (const folder of new Set(dlopenFiles.map((f) => dirname(f)).filter((d) => addonDirs.has(d)))) {
      rmSync(join(extracted, folder), { recursive: true });
      symlinkSync(join(resources, 'app.asar.unpacked', folder), join(extracted, folder));
    }
    symlinkSync(join(resources, 'app.asar.unpacked'), join(dir, 'app.asar.unpacked'));
    layout = extracted;
    return layout;
  }

  /** Runs an ES module script in a plain Node child process; returns its stdout's lines. */
  function runNode(name: string, lines: string[]): string[] {
    const script = join(work, 'run', name);
    writeFileSync(script, lines.join('\n'));
    const run = spawnSync(process.execPath, [script], {
      cwd: join(work, 'run'),
      env: { ...process.env, SEMANTIK_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run.stdout.trim().split('\n');
  }

  /** The packaged bundle chunk that exports `name`, as a file URL, and the name it exports it under. */
  function chunkExporting(name: string): [string, string] {
    const chunks = join(packagedLayout(), 'out', 'main', 'chunks');
    const exporting = new RegExp(`\\b${name} as (\\w+)\\b`);
    for (const file of readdirSync(chunks)) {
      const found = exporting.exec(readFileSync(join(chunks, file), 'utf8'));
      if (found) return [pathToFileURL(join(chunks, file)).href, found[1] ?? ''];
    }
    throw new Error(`no chunk in out/main/chunks exports ${name}`);
  }

  const dbPath = (): string => join(work, 'run', 'data', 'index.db');

  it('opens a store with sqlite-vec from the packaged layout under plain Node and answers a vector search', () => {
    const [storeChunk, exportName] = chunkExporting('openStore');
    // Two one-chunk documents on orthogonal axes; a vec0 nearest-neighbour query must find the second.
    const out = runNode('open-store.mjs', [
      `const mod = await import(${JSON.stringify(storeChunk)});`,
      `const store = mod[${JSON.stringify(exportName)}](${JSON.stringify(dbPath())});`,
      "const source = store.addSource('/packaged');",
      'const runId = store.createRun(source.id);',
      'for (const n of [0, 1]) {',
      '  const docId = store.upsertPendingDocument({ sourceId: source.id, path: `/packaged/doc-${n}.txt`, size: 1, mtimeMs: 1, runId });',
      '  const { generation, chunkIds } = store.replaceChunks(docId, `hash-${n}`, [{ text: `doc ${n}`, lineStart: 0, lineEnd: 0 }]);',
      '  const vector = new Float32Array(4);',
      '  vector[n] = 1;',
      "  store.writeVectors('stand-in-model', 4, chunkIds.map((chunkId) => ({ chunkId, docId, generation })), vector);",
      '}',
      "const hits = store.searchVectors('stand-in-model', new Float32Array([0, 1, 0, 0]), 1);",
      'store.close();',
      'console.log(hits.map((hit) => hit.path).join());',
    ]);
    expect(out).toEqual(['/packaged/doc-1.txt']);
  });

  it('starts the history-read thread from its packaged entry and answers a read', () => {
    // Needs the store the previous test made (the thread opens it read-only); the rows it selects
    // are jobs, of which there are none.
    expect(existsSync(dbPath())).toBe(true);
    const entry = join(packagedLayout(), 'out', 'main', 'history-read-thread.js');
    const out = runNode('history-thread.mjs', [
      "import { Worker } from 'node:worker_threads';",
      `const thread = new Worker(new URL(${JSON.stringify(pathToFileURL(entry).href)}), { workerData: { dbPath: ${JSON.stringify(dbPath())} } });`,
      "thread.on('error', (error) => { console.error(error); process.exit(1); });",
      "const reply = await new Promise((resolve) => { thread.once('message', resolve); thread.postMessage({ type: 'select', id: 1, args: { filter: {}, limit: 10 } }); });",
      'console.log(JSON.stringify(reply));',
      "thread.postMessage({ type: 'close' });",
    ]);
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([{ id: 1, ok: true, value: [] }]);
  });
  it('reads and embeds files in the threads started from their packaged entries, with the packaged model, and answers a hybrid search', () => {
    const [storeChunk, openStore] = chunkExporting('openStore');
    const [embedderChunk, createEmbedder] = chunkExporting('createThreadedEmbedder');
    const [searchChunk, searchService] = chunkExporting('SearchService');
    const extractEntry = pathToFileURL(join(packagedLayout(), 'out', 'main', 'extract-thread.js')).href;
    const modelDir = join(resources, 'models', readdirSync(join(resources, 'models'))[0] ?? '');
    const docs = [
      ['/packaged/rivers.md', '# Rivers\n\nThe river floods the valley every spring, after the snow on the mountains melts.\n'],
      ['/packaged/stars.md', '# Stars\n\nTelescopes show distant galaxies and the faint light of very old stars.\n'],
    ];
    const out = runNode('threads-search.mjs', [
      "import { Worker } from 'node:worker_threads';",
      `const extract = new Worker(new URL(${JSON.stringify(extractEntry)}), { workerData: { archiveLimits: { maxTotalBytes: 1e9, maxRatio: 100, ratioFloorBytes: 1e6, maxEntries: 1000 } } });`,
      "extract.on('error', (error) => { console.error(error); process.exit(1); });",
      'const read = (id, path, text) => new Promise((resolve, reject) => {',
      '  const onMessage = (message) => {',
      '    if (message.id !== id || message.result === undefined) return;',
      "    extract.off('message', onMessage);",
      "    if (message.result.kind === 'chunks') resolve(message.result.chunks); else reject(new Error(JSON.stringify(message.result)));",
      '  };',
      "  extract.on('message', onMessage);",
      '  extract.postMessage({ id, path, bytes: new TextEncoder().encode(text), chunkOptions: { targetTokens: 180, maxTokens: 240, overlapTokens: 32 } });',
      '});',
      `const store = (await import(${JSON.stringify(storeChunk)}))[${JSON.stringify(openStore)}](${JSON.stringify(join(work, 'run', 'data', 'search.db'))});`,
      `const modelDir = ${JSON.stringify(modelDir)};`,
      `const embedder = await (await import(${JSON.stringify(embedderChunk)}))[${JSON.stringify(createEmbedder)}]({ modelDir, device: { kind: 'cpu' }, threads: 1 });`,
      "const source = store.addSource('/packaged');",
      'const runId = store.createRun(source.id);',
      `const docs = ${JSON.stringify(docs)};`,
      'for (const [n, [path, text]] of docs.entries()) {',
      '  const chunks = await read(n + 1, path, text);',
      '  const docId = store.upsertPendingDocument({ sourceId: source.id, path, size: text.length, mtimeMs: 1, runId });',
      '  const { generation, chunkIds } = store.replaceChunks(docId, `hash-${n}`, chunks);',
      '  const vectors = await embedder.embed(chunks.map((chunk) => chunk.text));',
      '  store.writeVectors(embedder.info.id, embedder.info.dims, chunkIds.map((chunkId) => ({ chunkId, docId, generation })), vectors);',
      '}',
      `const search = new (await import(${JSON.stringify(searchChunk)}))[${JSON.stringify(searchService)}](store, modelDir);`,
      "const hits = await search.search('snow melting in a valley', 1);",
      'console.log(hits.map((hit) => hit.path).join());',
      'await search.close();',
      'await embedder.dispose();',
      'await extract.terminate();',
      'store.close();',
    ]);
    expect(out).toEqual(['/packaged/rivers.md']);
  });
});
