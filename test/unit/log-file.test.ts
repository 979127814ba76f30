// The log a packaged app keeps: a size-rotated file set in the data folder, owner-only, and a stderr
// that is written only when there is one and dropped, not thrown from, when it fails.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILES_KEPT, logsDirOf, RotatingLogFile } from '../../src/node/log-file';
import { stderrUsable, writeWhole, type FdWrite } from '../../src/node/log-stderr';

const posix = process.platform !== 'win32';
let dataDir = '';

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'semantik-logs-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** A JSON line of exactly 100 bytes, numbered. */
function line(n: number): string {
  const head = JSON.stringify({ n, msg: '' }).length;
  return `${JSON.stringify({ n, msg: 'x'.repeat(99 - head) })}\n`;
}

describe('RotatingLogFile', () => {
  it('rotates by size: at most maxFiles files, the newest lines in semantik.log, the oldest dropped, all 0600 in a 0700 folder', () => {
    const dir = logsDirOf(dataDir);
    const file = new RotatingLogFile({ dir, maxBytes: 1_000, maxFiles: 3 });
    // 10 lines a file: 75 lines fill semantik.log seven times over.
    for (let n = 0; n < 75; n += 1) file.write(line(n));
    file.close();

    expect(readdirSync(dir).sort()).toEqual(['semantik.1.log', 'semantik.2.log', 'semantik.log']);
    const numbers = (name: string): number[] =>
      readFileSync(join(dir, name), 'utf8')
        .trim()
        .split('\n')
        .map((text) => (JSON.parse(text) as { n: number }).n);
    expect(numbers('semantik.log')).toEqual([70, 71, 72, 73, 74]);
    expect(numbers('semantik.1.log')).toEqual([60, 61, 62, 63, 64, 65, 66, 67, 68, 69]);
    expect(numbers('semantik.2.log')).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(1_000);
    if (posix) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps five files by default and appends to an existing log across restarts', () => {
    const dir = logsDirOf(dataDir);
    const first = new RotatingLogFile({ dir, maxBytes: 250 });
    first.write(line(1));
    first.close();
    const second = new RotatingLogFile({ dir, maxBytes: 250 });
    second.write(line(2));
    expect(readFileSync(second.path, 'utf8')).toBe(line(1) + line(2));
    for (let n = 3; n <= 40; n += 1) second.write(line(n));
    second.close();
    expect(readdirSync(dir)).toHaveLength(LOG_FILES_KEPT);
    expect(readFileSync(join(dir, 'semantik.log'), 'utf8')).toBe(line(39) + line(40));
  });

  it.runIf(posix)('tightens a log file and folder left with looser modes', () => {
    const dir = logsDirOf(dataDir);
    new RotatingLogFile({ dir }).close();
    chmodSync(join(dir, 'semantik.log'), 0o644);
    chmodSync(dir, 0o755);
    new RotatingLogFile({ dir }).close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'semantik.log')).mode & 0o777).toBe(0o600);
  });

  it('writes a line longer than a whole file alone in its file', () => {
    const file = new RotatingLogFile({ dir: logsDirOf(dataDir), maxBytes: 150 });
    file.write(line(1));
    file.write(line(2) + line(3));
    file.write(line(4));
    file.close();
    expect(readFileSync(file.fileAt(1), 'utf8')).toBe(line(2) + line(3));
    expect(readFileSync(file.path, 'utf8')).toBe(line(4));
  });
});

describe('stderr', () => {
  const failing = (code: string): (() => never) => {
    return () => {
      throw Object.assign(new Error(code), { code });
    };
  };

  it('is used only when fd 2 is there', () => {
    expect(stderrUsable(() => ({}))).toBe(true);
    expect(stderrUsable(failing('EBADF'))).toBe(false);
  });

  it('reports a closed or missing descriptor as gone instead of throwing', () => {
    expect(writeWhole(2, 'a line\n', failing('EBADF'))).toBe('gone');
    expect(writeWhole(2, 'a line\n', failing('EPIPE'))).toBe('gone');
  });

  it('writes a line whole across partial writes and waits out a full pipe', () => {
    const got: string[] = [];
    let calls = 0;
    const write: FdWrite = (_fd, buffer, offset, length) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('full'), { code: 'EAGAIN' });
      const part = Math.min(3, length);
      got.push(Buffer.from(buffer.subarray(offset, offset + part)).toString());
      return part;
    };
    expect(writeWhole(2, 'a whole line\n', write)).toBe('written');
    expect(got.join('')).toBe('a whole line\n');
  });
});

describe('the logger with a log file', () => {
  it.runIf(posix)('goes on logging to the file, in JSON, after its stderr reader has gone (EPIPE)', async () => {
    const dir = logsDirOf(dataDir);
    const script = join(dataDir, 'log-after-epipe.mts');
    const loggerModule = join(process.cwd(), 'src/node/logger.ts');
    writeFileSync(
      script,
      [
        `import { childLogger, keepLogFile } from ${JSON.stringify(loggerModule)};`,
        `keepLogFile(${JSON.stringify(dir)});`,
        `const logger = childLogger('epipe');`,
        // Enough lines, a while apart, that some are written after the parent closed its end.
        `for (let n = 0; n < 200; n += 1) { logger.error({ n }, 'line'); await new Promise((done) => setTimeout(done, 2)); }`,
        `process.stdout.write('finished');`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, SEMANTIK_LOG_LEVEL: 'info', SEMANTIK_LOG_FORMAT: 'pretty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // Close the reading end after the first line: later writes to stderr fail with EPIPE.
    child.stderr.once('data', () => child.stderr.destroy());
    const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));

    expect({ code, out }).toEqual({ code: 0, out: 'finished' });
    const records = readFileSync(join(dir, 'semantik.log'), 'utf8')
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { n?: number; msg: string });
    expect(records.filter((record) => record.msg === 'line').map((record) => record.n)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(records.some((record) => record.msg.startsWith('stderr cannot be written to any more'))).toBe(true);
  });
});
