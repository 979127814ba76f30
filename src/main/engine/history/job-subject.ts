/**
 * What a job works on, in words for the tasks list: an extract job's first file and how many more,
 * a scan's folder or its watched changes, an ingest's chunks, an embed batch's chunk count.
 *
 * Pure code over a job's parsed data and result. Job data carries document ids, not paths: the
 * caller looks the first one up in the store.
 */

/** Maps a document id to its path (null when the document is gone). */
export type PathOfDoc = (docId: number) => string | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How many items an array holds, raw or as a history summary (`{ $items: n }`). */
function itemCount(value: unknown): number | null {
  if (Array.isArray(value)) return value.length;
  return isRecord(value) && typeof value.$items === 'number' ? value.$items : null;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function extractSubject(data: Record<string, unknown>, pathOfDoc: PathOfDoc): string | null {
  const files = data.files;
  const count = itemCount(files);
  if (count === null || count === 0) return null;
  const first = Array.isArray(files) && isRecord(files[0]) && typeof files[0].docId === 'number' ? pathOfDoc(files[0].docId) : null;
  if (first === null) return plural(count, 'file');
  return count === 1 ? first : `${first} and ${plural(count - 1, 'more file')}`;
}

function ingestSubject(data: Record<string, unknown>): string | null {
  const chunks = itemCount(data.chunks);
  if (chunks === null) return null;
  const batches = itemCount(data.children);
  const what = data.reembed === true ? ' to re-embed' : '';
  return `${plural(chunks, 'chunk')}${what}${batches !== null && batches > 1 ? ` from ${plural(batches, 'batch', 'batches')}` : ''}`;
}

/** The job's subject, or null when its data says nothing a person would recognise (system jobs). */
export function jobSubject(queue: string, data: unknown, result: unknown, pathOfDoc: PathOfDoc): string | null {
  if (queue === 'embed') {
    // The texts are sealed; the count is known once the batch is embedded.
    return isRecord(result) && typeof result.count === 'number' ? plural(result.count, 'chunk') : null;
  }
  if (!isRecord(data)) return null;
  switch (queue) {
    case 'extract':
      return extractSubject(data, pathOfDoc);
    case 'scan':
      return data.paths === undefined ? 'the whole folder' : 'the files the watcher saw change';
    case 'ingest':
      return ingestSubject(data);
    default:
      return null;
  }
}
