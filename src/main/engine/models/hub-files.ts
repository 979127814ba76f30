/**
 * The Hugging Face hub's URL layout and file metadata, as any compatible mirror serves them:
 * `<endpoint>/<repo>/resolve/<revision>/<file>`, with the file's checksum in its ETag (the
 * SHA-256 of an LFS file, in `X-Linked-Etag` when the hub redirects to its CDN; the git blob
 * SHA-1 of a small file kept in git).
 */

/** The hub used when SEMANTIK_HF_ENDPOINT is not set. */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** A file a sentence-transformers ONNX model needs, or may have. */
export interface HubFile {
  path: string;
  required: boolean;
}

/** The ONNX graph: the export in `onnx/` first (sentence-transformers repositories), else at the root. */
export const MODEL_FILE_CANDIDATES = ['onnx/model.onnx', 'model.onnx'] as const;

/** The other files, besides the graph. */
export const OTHER_FILES: readonly HubFile[] = [
  { path: 'tokenizer.json', required: true },
  { path: 'config.json', required: true },
  { path: 'tokenizer_config.json', required: false },
  { path: 'special_tokens_map.json', required: false },
  { path: '1_Pooling/config.json', required: false },
  { path: 'sentence_bert_config.json', required: false },
];

/** The URL of one file of a repository at a revision. */
export function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string {
  const base = endpoint.replace(/\/+$/, '');
  const file = path.split('/').map(encodeURIComponent).join('/');
  return `${base}/${repo.split('/').map(encodeURIComponent).join('/')}/resolve/${encodeURIComponent(revision)}/${file}`;
}

/** The model folder (and so the model id) of a repository: its name without the owner. */
export function modelFolderName(repo: string): string {
  return repo.slice(repo.lastIndexOf('/') + 1);
}

/** A checksum the hub announced, or one the caller gave. */
export interface Checksum {
  kind: 'sha256' | 'git-sha1';
  hex: string;
}

/**
 * The checksum in a file's ETag: 64 hex digits are a SHA-256 (LFS files), 40 a git blob SHA-1.
 * Weak ETags and anything else (a mirror's own ETag format) give none.
 */
export function checksumFromEtag(etag: string | null): Checksum | null {
  if (etag === null || etag.startsWith('W/')) return null;
  const hex = etag.replace(/^"|"$/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex)) return { kind: 'sha256', hex };
  if (/^[0-9a-f]{40}$/.test(hex)) return { kind: 'git-sha1', hex };
  return null;
}

/** `bytes 100-199/1000` → its first byte and total; null when malformed. */
export function parseContentRange(value: string | null): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}
