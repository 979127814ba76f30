// What a job works on, in words: from its data (document ids looked up), or an embed batch's result.
import { describe, expect, it } from 'vitest';
import { jobSubject } from '../../src/main/engine/history/job-subject';

const paths: Record<number, string> = { 7: '/data/notes/a.txt' };
const pathOfDoc = (docId: number): string | null => paths[docId] ?? null;

describe('jobSubject', () => {
  it('names an extract batch by its first file and counts the rest', () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ docId: 7 + i, size: 1, mtimeMs: 1 }));
    expect(jobSubject('extract', { runId: 1, files: files(16) }, null, pathOfDoc)).toBe('/data/notes/a.txt and 15 more files');
    expect(jobSubject('extract', { runId: 1, files: files(2) }, null, pathOfDoc)).toBe('/data/notes/a.txt and 1 more file');
    expect(jobSubject('extract', { runId: 1, files: files(1) }, null, pathOfDoc)).toBe('/data/notes/a.txt');
    // A document gone from the store, or data already summarised: the count alone.
    expect(jobSubject('extract', { runId: 1, files: [{ docId: 99, size: 1, mtimeMs: 1 }] }, null, pathOfDoc)).toBe('1 file');
    expect(jobSubject('extract', { runId: 1, files: { $items: 1200 } }, null, pathOfDoc)).toBe('1,200 files');
  });

  it('names scans, ingests and embed batches', () => {
    expect(jobSubject('scan', { runId: 1, sourceId: 2 }, null, pathOfDoc)).toBe('the whole folder');
    expect(jobSubject('scan', { runId: 1, sourceId: 2, paths: 'sealed:v1:x' }, null, pathOfDoc)).toBe('the files the watcher saw change');
    const chunks = Array.from({ length: 40 }, (_, i) => ({ chunkId: i, docId: 1, generation: 1 }));
    expect(
      jobSubject(
        'ingest',
        {
          runId: 1,
          chunks,
          children: [
            { id: 'a', count: 32 },
            { id: 'b', count: 8 },
          ],
        },
        null,
        pathOfDoc,
      ),
    ).toBe('40 chunks from 2 batches');
    expect(jobSubject('ingest', { runId: 1, chunks: { $items: 1 }, children: { $items: 1 }, reembed: true }, null, pathOfDoc)).toBe(
      '1 chunk to re-embed',
    );
    expect(jobSubject('embed', { modelId: 'm', texts: 'sealed:v1:x' }, null, pathOfDoc)).toBeNull();
    expect(jobSubject('embed', null, { count: 32, device: 'cpu' }, pathOfDoc)).toBe('32 chunks');
    expect(jobSubject('system', { sentAt: 1 }, null, pathOfDoc)).toBeNull();
  });
});
