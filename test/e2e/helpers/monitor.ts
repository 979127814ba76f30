/**
 * Steps of the monitor's e2e tests: switching views, querying the tasks view and opening a task's
 * detail, each waiting on the page's own markers (data-ready, data-state), never on time.
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';

const WAIT_MS = 60_000;

/** Opens a view through the navigation bar and waits for it. */
export async function openView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor({ timeout: WAIT_MS });
}

/** The tasks table once the rows of the current query are in (`q` checks which query). */
export function tasksReady(page: Page, q?: string): ReturnType<Page['locator']> {
  const query = q === undefined ? '' : `[data-q="${q.replace(/"/g, '\\"')}"]`;
  return page.locator(`[data-testid="tasks-table"][data-ready="true"]${query}`);
}

/** Types a query into the tasks search box, submits it and waits for its first page. */
export async function searchTasks(page: Page, query: string, expectedQ = query): Promise<void> {
  await page.getByTestId('task-search').fill(query);
  await page.getByTestId('task-search-submit').click();
  await tasksReady(page, expectedQ).waitFor({ timeout: WAIT_MS });
}

/** Selects a state tab and waits for its rows. */
export async function pickTab(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="task-state-tab"][data-state="${state}"]`).click();
  await page.locator(`[data-testid="tasks-table"][data-ready="true"][data-tab="${state}"]`).waitFor({ timeout: WAIT_MS });
}

/** The refs of the task rows rendered now. */
export function rowRefs(page: Page): Promise<string[]> {
  return page.getByTestId('task-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ref') ?? ''));
}

/** The count on each state tab (`all` included), as shown. */
export async function tabCounts(page: Page): Promise<Record<string, number>> {
  const pairs = await page
    .getByTestId('task-state-tab')
    .evaluateAll((tabs) => tabs.map((tab) => [tab.getAttribute('data-state') ?? '', tab.getAttribute('data-count') ?? ''] as const));
  return Object.fromEntries(pairs.filter(([, count]) => count !== '').map(([state, count]) => [state, Number(count)]));
}

/** Opens a task's detail from its row and waits for it to load. */
export async function openTask(page: Page, ref: string): Promise<void> {
  await page.locator(`[data-testid="task-row"][data-ref="${ref}"]`).click();
  await page.locator(`[data-testid="task-detail"][data-ref="${ref}"] [data-testid="task-detail-state"]`).waitFor({ timeout: WAIT_MS });
}

/** Waits until the open detail shows the job in `state`. */
export async function waitForDetailState(page: Page, ref: string, state: string, timeout = WAIT_MS): Promise<void> {
  await page.locator(`[data-testid="task-detail"][data-ref="${ref}"][data-state="${state}"]`).waitFor({ timeout });
}

/** A sentence that the fixed files hold, to find them by search. */
export const FIXED_SENTENCE = {
  docx: 'The amber zeppelin delivered ninety harmonicas to the observatory.',
  pdf: 'Seven turquoise lighthouses audited the honey cooperative at noon.',
};

/**
 * The environment of an app that indexes {@link makeBrokenCorpus}'s folders: extract jobs of 16
 * files, so that a run of a few dozen files makes several jobs.
 */
export const BROKEN_CORPUS_ENV = { SEMANTIK_EXTRACT_BATCH: '16' };

/**
 * A folder of `files` text files and two bad documents that fail extraction with a reason, in
 * folders `a/` and `z/` around the notes' `m/`: the walk sorts names and, with
 * {@link BROKEN_CORPUS_ENV}, batches 16 files per extract job, so the two fail two different jobs.
 */
export function makeBrokenCorpus(files: number): { root: string; docx: string; pdf: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-monitor-')));
  for (const dir of ['a', 'm', 'z']) mkdirSync(join(root, dir));
  for (let index = 0; index < files; index++) {
    const lines = Array.from({ length: 8 }, (_, line) => `Monitor note ${index}.${line} about queues, workers and the weather.`);
    writeFileSync(join(root, 'm', `note-${String(index).padStart(4, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  return { root, docx: join(root, 'a', 'report.docx'), pdf: join(root, 'z', 'survey.pdf') };
}

/** Writes the bad files: a ZIP renamed .docx and a PDF cut in half. */
export async function writeBrokenFiles(paths: { docx: string; pdf: string }): Promise<void> {
  const zip = new JSZip();
  zip.file('readme.txt', 'just a zip archive, renamed');
  writeFileSync(paths.docx, await zip.generateAsync({ type: 'nodebuffer' }));
  const pdf = await pdfBytes(FIXED_SENTENCE.pdf);
  writeFileSync(paths.pdf, pdf.subarray(0, Math.floor(pdf.length / 2)));
}

/** Overwrites a bad file with a valid document holding its sentence. */
export async function fixFile(path: string, kind: 'docx' | 'pdf'): Promise<void> {
  if (kind === 'pdf') {
    writeFileSync(path, await pdfBytes(FIXED_SENTENCE.pdf));
    return;
  }
  const doc = new Document({ sections: [{ children: [new Paragraph('Quarterly report'), new Paragraph(FIXED_SENTENCE.docx)] }] });
  writeFileSync(path, await Packer.toBuffer(doc));
}

async function pdfBytes(sentence: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  page.drawText('Survey of the coast.', { x: 50, y: 700, size: 12, font });
  page.drawText(sentence, { x: 50, y: 680, size: 12, font });
  return doc.save();
}

const TOPICS = [
  'harbour tides, ferries and the lighthouse keeper',
  'the bakery ledger, flour prices and sourdough',
  'GPU leases, queues and the worker pool',
  'mountain trails, weather and the glacier hut',
  'quarterly revenue, contracts and distributors',
];

/** `files` text files of about `kib` KiB each: enough chunks that embedding holds a GPU lease a while. */
export function makeLongCorpus(files: number, kib: number): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-long-')));
  for (let index = 0; index < files; index++) {
    const lines: string[] = [];
    for (let size = 0, line = 0; size < kib * 1024; line++) {
      const text = `Paragraph ${index}.${line} is about ${TOPICS[(index + line) % TOPICS.length]}, written for the monitor test with plenty of ordinary words.`;
      lines.push(text);
      size += text.length + 1;
    }
    writeFileSync(join(root, `long-${String(index).padStart(4, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  return root;
}
