/**
 * The preview of a search result over HTTP against a real engine (embedded Redis, a real worker
 * process, SQLite) and a real web monitor: `GET /api/documents/preview` returns the stored passage
 * around a line of an indexed file with its neighbours (or a PDF page, with that page), refuses a file that is not indexed (even one
 * that exists on disk) and asks for credentials like the rest of /api. The search by file is
 * reachable the same way.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentPreview, FileSearchHit } from '../../src/shared/monitor-types';
import { startWebMonitor, type WebMonitor } from '../../src/main/web/web-monitor';
import { indexFolder, startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';
import { httpApi, type ApiErrorBody, type HttpApi } from '../helpers/http-api';

const credentials = { user: 'reader', password: 'preview-secret' };
const MARKER = 'The cartographer inked a hidden cove where the otters gathered smooth pebbles.';

/** 120 numbered lines with the marker on line 61: several chunks, the marker in a middle one. */
function longFile(): string {
  const lines = Array.from(
    { length: 120 },
    (_, i) => `Ledger line ${i + 1}: barrels of rye counted at warehouse ${i % 7} on pier ${i * 3}.`,
  );
  lines[60] = MARKER;
  return `${lines.join('\n')}\n`;
}

const PAGE_TWO = 'Page two tells of a clockmaker who repaired brass astrolabes for sailors.';

/** Three pages of text, the second about the clockmaker. */
async function threePagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of ['Page one lists the harbour tides of March.', PAGE_TWO, 'Page three closes the harbour log.']) {
    pdf.addPage([400, 300]).drawText(text, { x: 20, y: 250, size: 10, font });
  }
  return pdf.save();
}

describe('document preview over HTTP', () => {
  let base: string;
  let folder: string;
  let ledger: string;
  let outside: string;
  let report: string;
  let test: TestEngine | null = null;
  let monitor: WebMonitor | null = null;
  let api: HttpApi;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-preview-'));
    folder = join(base, 'corpus');
    mkdirSync(folder);
    ledger = join(folder, 'ledger.txt');
    writeFileSync(ledger, longFile());
    writeFileSync(join(folder, 'short.txt'), 'A short note about lanterns.\n');
    report = join(folder, 'harbour.pdf');
    writeFileSync(report, await threePagePdf());
    outside = join(base, 'not-indexed.txt');
    writeFileSync(outside, `${MARKER}\n`);
    test = await startTestEngine(1, { SEMANTIK_WATCH: '0' });
    await waitForRun(test.engine, await indexFolder(test.engine, folder));
    monitor = await startWebMonitor({
      engine: test.engine,
      host: '127.0.0.1',
      port: 0,
      credentials,
      staticDir: join(base, 'static'),
      readOnly: true,
    });
    api = httpApi(monitor.url, credentials);
  }, 180_000);

  afterAll(async () => {
    await monitor?.close();
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const preview = (query: Record<string, string | number>): string =>
    `/api/documents/preview?${new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString()}`;

  it('returns the stored chunk holding a line, with its neighbours, in file order', async () => {
    const res = await api.get<DocumentPreview>(preview({ path: ledger, line: 61 }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.path).toBe(ledger);
    expect(res.body.page).toBeNull();
    const target = res.body.chunks.filter((chunk) => chunk.target);
    expect(target).toHaveLength(1);
    expect(target[0]?.text).toContain(MARKER);
    expect(target[0]!.lineStart!).toBeLessThanOrEqual(61);
    expect(target[0]!.lineEnd!).toBeGreaterThanOrEqual(61);
    expect(res.body.chunks).toHaveLength(3);
    const indexes = res.body.chunks.map((chunk) => chunk.chunkIndex);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(res.body.chunks[1]?.target).toBe(true);
  });

  it('starts at the first chunk without a line, and answers the place a search by file gives', async () => {
    const first = await api.get<DocumentPreview>(preview({ path: ledger }));
    expect(first.status, first.text).toBe(200);
    expect(first.body.chunks[0]).toMatchObject({ target: true, lineStart: 1 });
    expect(first.body.chunks).toHaveLength(2);

    const found = await api.get<FileSearchHit[]>(`/api/search/files?q=${encodeURIComponent('cartographer otters cove')}&k=3`);
    expect(found.status, found.text).toBe(200);
    expect(found.body[0]?.path).toBe(ledger);
    const line = found.body[0]!.passages[0]!.lineStart!;
    const around = await api.get<DocumentPreview>(preview({ path: ledger, line }));
    expect(around.body.chunks.find((chunk) => chunk.target)?.text).toContain('cartographer');
  });

  it('returns the chunk of a PDF page, with its page', async () => {
    const res = await api.get<DocumentPreview>(preview({ path: report, page: 2 }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.page).toBe(2);
    expect(res.body.chunks.find((chunk) => chunk.target)).toMatchObject({ page: 2 });
    expect(res.body.chunks.find((chunk) => chunk.target)?.text).toContain('clockmaker');
    const missing = await api.get<ApiErrorBody>(preview({ path: report, page: 9 }));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('page 9');
  });

  it('refuses a file that is not indexed, a line past the text and bad input, with a JSON error', async () => {
    const notIndexed = await api.get<ApiErrorBody>(preview({ path: outside, line: 1 }));
    expect(notIndexed.status).toBe(404);
    expect(notIndexed.body.error.code).toBe('NOT_FOUND');
    expect(notIndexed.body.error.message).toContain('Not a document of an indexed folder');
    expect(notIndexed.text).not.toContain('cartographer');

    const past = await api.get<ApiErrorBody>(preview({ path: ledger, line: 5000 }));
    expect(past.status).toBe(404);
    expect(past.body.error.message).toContain('past the stored text');

    const bads: Array<Record<string, string | number>> = [{ path: ledger, line: 0 }, { path: ledger, line: 'ten' }, { line: 3 }];
    for (const query of bads) {
      const bad = await api.get<ApiErrorBody>(preview(query));
      expect(bad.status, JSON.stringify(query)).toBe(400);
      expect(bad.body.error.code).toBe('BAD_INPUT');
    }
  });

  it('asks for credentials like the rest of /api', async () => {
    const res = await api.request('GET', preview({ path: ledger, line: 61 }), { auth: false });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('cartographer');
  });
});
