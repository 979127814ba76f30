/**
 * Model downloads from a Hugging Face compatible hub, run in the supervisor without blocking it.
 *
 * A download fills `<modelsDir>/.downloads/<id>@<revision>/` (hidden from the models list) file by file,
 * each through a `.part` file: a broken connection is retried with a Range request from where it
 * stopped, and a download cancelled, failed or cut by a restart resumes the same way when asked
 * again. Each finished file is checked against the caller's SHA-256, else the hub's ETag; a
 * mismatch deletes the file and fails the download. Once every file is there and the folder loads
 * as a model, it is renamed to `<modelsDir>/<id>/` in one step.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SemantikError } from '../../../shared/errors';
import type { DownloadFileInfo, DownloadInfo } from '../../../shared/models';
import { childLogger } from '../../../node/logger';
import { loadModelSpec } from '../../../node/models/model-spec';
import { DownloadError, downloadToPart, fileChecksum, probeFile, type FileMetadata } from './file-download';
import { MODEL_FILE_CANDIDATES, modelFolderName, OTHER_FILES, resolveUrl, type Checksum } from './hub-files';

const log = childLogger('model-download');

/** Attempts per file; each resumes from the `.part` file. */
export const DOWNLOAD_ATTEMPTS = 4;
const RETRY_BASE_MS = 500;

/** What to download. */
export interface DownloadRequest {
  repo: string;
  revision: string;
  checksums?: Record<string, string>;
  activate: boolean;
}

/** Where downloads go, where from, and whom to tell. */
export interface DownloadManagerOptions {
  modelsDir: string;
  endpoint: string;
  /** Called on every change of a download (progress is reported a few times a second). */
  onChange(info: DownloadInfo): void;
  /** Called once a download is complete and its folder is in place. */
  onComplete(info: DownloadInfo): Promise<void>;
}

interface Running {
  info: DownloadInfo;
  abort: AbortController;
  done: Promise<void>;
}

interface PlannedFile {
  info: DownloadFileInfo;
  url: string;
  checksum: Checksum | null;
}

/** The downloads of this engine's lifetime, by model id. */
export class DownloadManager {
  private readonly downloads = new Map<string, Running>();

  constructor(private readonly options: DownloadManagerOptions) {}

  /** Every download since the engine started, newest first. */
  list(): DownloadInfo[] {
    return [...this.downloads.values()].map((run) => structuredClone(run.info)).sort((a, b) => b.startedAt - a.startedAt);
  }

  /**
   * Starts downloading a repository (or returns the download already running for its folder).
   * Resolves at once with the download's state; `whenDone` waits for its end.
   */
  start(request: DownloadRequest): DownloadInfo {
    const id = modelFolderName(request.repo);
    const running = this.downloads.get(id);
    if (running?.info.state === 'running') return structuredClone(running.info);
    const info: DownloadInfo = {
      id,
      repo: request.repo,
      revision: request.revision,
      endpoint: this.options.endpoint,
      state: 'running',
      bytesDone: 0,
      bytesTotal: null,
      files: [],
      error: null,
      startedAt: Date.now(),
      finishedAt: null,
      activate: request.activate,
    };
    const abort = new AbortController();
    const run: Running = { info, abort, done: Promise.resolve() };
    run.done = this.run(run, request).catch((error: unknown) => {
      info.state = abort.signal.aborted ? 'cancelled' : 'failed';
      info.error = abort.signal.aborted ? 'cancelled' : error instanceof Error ? error.message : String(error);
      info.finishedAt = Date.now();
      for (const file of info.files) if (file.state === 'downloading' || file.state === 'verifying') file.state = 'failed';
      log.warn({ repo: request.repo, err: info.error }, 'model download ended without a model');
      this.changed(info);
    });
    this.downloads.set(id, run);
    this.changed(info);
    return structuredClone(info);
  }

  /** Resolves when the download of `id` has ended (done, failed or cancelled). */
  async whenDone(id: string): Promise<DownloadInfo> {
    const run = this.downloads.get(id);
    if (!run) throw new SemantikError('NOT_FOUND', `No download of ${id}`);
    await run.done;
    return structuredClone(run.info);
  }

  /** Stops a running download; its `.part` files stay for a later resume. */
  cancel(id: string): DownloadInfo {
    const run = this.downloads.get(id);
    if (!run) throw new SemantikError('NOT_FOUND', `No download of ${id}`);
    run.abort.abort(new SemantikError('UNAVAILABLE', 'cancelled'));
    return structuredClone(run.info);
  }

  /** Cancels every download (engine stop) and waits for them to end. */
  async close(): Promise<void> {
    for (const run of this.downloads.values()) run.abort.abort(new SemantikError('UNAVAILABLE', 'the engine stopped'));
    await Promise.all([...this.downloads.values()].map((run) => run.done));
  }

  private changed(info: DownloadInfo): void {
    info.bytesDone = info.files.reduce((sum, file) => sum + file.bytesDone, 0);
    this.options.onChange(structuredClone(info));
  }

  private async run(run: Running, request: DownloadRequest): Promise<void> {
    const { info, abort } = run;
    const target = join(this.options.modelsDir, info.id);
    if (existsSync(target)) {
      // Already downloaded (or put there by hand): nothing to fetch.
      await loadModelSpec(target);
      await this.finish(run);
      return;
    }
    // Per revision: parts of another revision's files must never be resumed into this one.
    const staging = join(this.options.modelsDir, '.downloads', `${info.id}@${info.revision}`);
    await mkdir(staging, { recursive: true });
    const files = await this.plan(request, abort.signal);
    info.files = files.map((file) => file.info);
    info.bytesTotal = files.every((file) => file.info.bytesTotal !== null)
      ? files.reduce((sum, file) => sum + (file.info.bytesTotal ?? 0), 0)
      : null;
    this.changed(info);
    for (const file of files) {
      if (file.info.state === 'skipped') continue;
      await this.fetchFile(info, file, join(staging, file.info.path), abort.signal);
    }
    // The folder must load as a model before it appears in the list.
    await loadModelSpec(staging);
    if (existsSync(target)) throw new SemantikError('CONFLICT', `${target} appeared meanwhile; remove it or the download`);
    await rename(staging, target);
    await this.finish(run);
  }

  private async finish(run: Running): Promise<void> {
    run.info.state = 'done';
    run.info.finishedAt = Date.now();
    this.changed(run.info);
    log.info({ repo: run.info.repo, id: run.info.id, bytes: run.info.bytesDone }, 'model downloaded');
    try {
      await this.options.onComplete(structuredClone(run.info));
    } catch (error) {
      // The model is there and listed; only the follow-up (switching to it) failed.
      run.info.error = `downloaded, but: ${error instanceof Error ? error.message : String(error)}`;
      this.changed(run.info);
    }
  }

  /** Asks the hub which files exist, their sizes and checksums. */
  private async plan(request: DownloadRequest, signal: AbortSignal): Promise<PlannedFile[]> {
    const { endpoint } = this.options;
    const meta = async (path: string): Promise<FileMetadata & { url: string; path: string }> => {
      const url = resolveUrl(endpoint, request.repo, request.revision, path);
      return { ...(await withRetries(() => probeFile(url, signal), signal)), url, path };
    };
    let graph: Awaited<ReturnType<typeof meta>> | null = null;
    for (const candidate of MODEL_FILE_CANDIDATES) {
      const found = await meta(candidate);
      if (found.exists) {
        graph = found;
        break;
      }
    }
    if (!graph)
      throw new SemantikError(
        'NOT_FOUND',
        `${request.repo}@${request.revision} has no ONNX export (${MODEL_FILE_CANDIDATES.join(' or ')})`,
      );
    const others = await Promise.all(OTHER_FILES.map(async (file) => ({ ...(await meta(file.path)), required: file.required })));
    const missing = others.filter((file) => file.required && !file.exists).map((file) => file.path);
    if (missing.length > 0) throw new SemantikError('NOT_FOUND', `${request.repo}@${request.revision} has no ${missing.join(', ')}`);
    return [graph, ...others].map((file) => {
      const given = request.checksums?.[file.path];
      const checksum: Checksum | null = given ? { kind: 'sha256', hex: given } : file.checksum;
      return {
        url: file.url,
        checksum,
        info: {
          path: file.path,
          bytesDone: 0,
          bytesTotal: file.exists ? file.size : 0,
          state: file.exists ? 'waiting' : 'skipped',
          checksum: checksum?.kind ?? null,
          resumedFrom: 0,
        },
      };
    });
  }

  private async fetchFile(info: DownloadInfo, file: PlannedFile, path: string, signal: AbortSignal): Promise<void> {
    const part = `${path}.part`;
    if (existsSync(path)) {
      // Finished and checked by an earlier attempt of this download.
      file.info.bytesDone = file.info.bytesTotal ?? 0;
      file.info.state = 'done';
      this.changed(info);
      return;
    }
    file.info.state = 'downloading';
    this.changed(info);
    await withRetries(async () => {
      const { resumedFrom } = await downloadToPart(file.url, part, {
        signal,
        expectedSize: file.info.bytesTotal,
        onBytes: (bytes) => {
          file.info.bytesDone = bytes;
          this.changed(info);
        },
      });
      // Where the attempt that completed the file started: after a cut, the bytes kept.
      file.info.resumedFrom = resumedFrom;
    }, signal);
    file.info.state = 'verifying';
    this.changed(info);
    if (file.checksum) {
      const actual = await fileChecksum(part, file.checksum.kind);
      if (actual !== file.checksum.hex) {
        await rm(part, { force: true });
        file.info.bytesDone = 0;
        const name = file.checksum.kind === 'sha256' ? 'SHA-256' : 'git SHA-1';
        throw new SemantikError('MODEL', `${file.info.path}: ${name} is ${actual}, expected ${file.checksum.hex}; the file was deleted`);
      }
    }
    await rename(part, path);
    file.info.state = 'done';
    this.changed(info);
  }
}

/** Runs `attempt` until it succeeds, a failure is not worth retrying, or attempts run out. */
async function withRetries<T>(attempt: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted || !(error instanceof DownloadError) || !error.retry || n >= DOWNLOAD_ATTEMPTS) throw error;
      log.info({ attempt: n, err: error.message }, 'download attempt failed; resuming');
      await new Promise((done) => setTimeout(done, RETRY_BASE_MS * 2 ** (n - 1)));
    }
  }
}
