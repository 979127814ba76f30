/**
 * Embedding models as the UIs see them: the models list, downloads from a Hugging Face compatible
 * hub, the blue/green switch between models, and the first-run recommendation.
 *
 * Plain data (it crosses IPC and WebSocket) and the zod schemas of the `models:*` calls' inputs.
 */
import { z } from 'zod';

/** One model the app can embed with: the built-in one, SEMANTIK_MODEL_DIR, or a folder in `<dataDir>/models`. */
export interface ModelEntry {
  /** The id vectors are stored under (the folder name for sentence-transformers exports). */
  id: string;
  name: string;
  dims: number;
  /** Bytes on disk of the model's folder. */
  sizeBytes: number;
  format: 'semantik' | 'sentence-transformers';
  /** Where it comes from: shipped with the app, SEMANTIK_MODEL_DIR, or the models folder. */
  origin: 'built-in' | 'configured' | 'models-folder';
  /** Search and new documents use this model. */
  active: boolean;
  /** Being switched to: re-embedding in the background, search still on the active model. */
  pending: boolean;
  /** What the model is and, for the built-in one, what it means for search quality. */
  description: string;
  dir: string;
}

/** A folder in the models folder that is not a usable model, and why. */
export interface ModelProblem {
  dir: string;
  reason: string;
}

/** Progress of a switch: chunks with a vector of the pending model out of all embedded chunks. */
export interface ModelSwitchInfo {
  from: string;
  to: string;
  startedAt: number;
  covered: number;
  total: number;
  /** Why the switch is stuck, if it is (the model cannot load, embedding keeps failing). */
  error: string | null;
}

/** One file of a download. */
export interface DownloadFileInfo {
  /** Path in the repository, e.g. `onnx/model.onnx`. */
  path: string;
  bytesDone: number;
  /** From the hub's headers; null until known. */
  bytesTotal: number | null;
  state: 'waiting' | 'downloading' | 'verifying' | 'done' | 'skipped' | 'failed';
  /** How the file was checked: `sha256`, `git-sha1`, or null when the hub gave no checksum. */
  checksum: 'sha256' | 'git-sha1' | null;
  /** Bytes already in the `.part` file when the attempt that completed the file started (resume). */
  resumedFrom: number;
}

/** A model download from a hub. */
export interface DownloadInfo {
  /** The model folder it fills (and so the model id). */
  id: string;
  repo: string;
  revision: string;
  endpoint: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  bytesDone: number;
  bytesTotal: number | null;
  files: DownloadFileInfo[];
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  /** Switch to the model once it is downloaded. */
  activate: boolean;
}

/** Everything the models panel shows. */
export interface ModelsOverview {
  models: ModelEntry[];
  problems: ModelProblem[];
  active: string;
  switch: ModelSwitchInfo | null;
  downloads: DownloadInfo[];
  /** The folder where added and downloaded models live. */
  modelsDir: string;
}

/** The first-run offer: whether the hub answers and which real model to use. */
export interface ModelRecommendation {
  hubReachable: boolean;
  endpoint: string;
  /** Why the hub could not be reached (offline, DNS, HTTP status). */
  reason: string | null;
  recommended: { repo: string; id: string; dims: number; approxBytes: number; why: string };
  /** True when the recommended model is already in the models folder. */
  downloaded: boolean;
  /** True when the app runs on its built-in model. */
  usingBuiltIn: boolean;
  /** What running on the built-in model means for search quality. */
  builtInNote: string;
}

/** The model the first run offers: small, fast on a CPU, and a clear step up from word vectors. */
export const RECOMMENDED_MODEL = {
  repo: 'sentence-transformers/all-MiniLM-L6-v2',
  id: 'all-MiniLM-L6-v2',
  dims: 384,
  approxBytes: 91_000_000,
  why: 'A sentence-transformers model: it reads whole sentences (word order, paraphrases, negation) and runs fast on a CPU.',
} as const;

/** `owner/name` (or a bare legacy `name`) of a hub repository; no path tricks. */
export const repoSchema = z
  .string()
  .trim()
  .regex(/^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/, 'a repository is owner/name')
  .refine((repo) => !repo.split('/').some((part) => part === '..' || part.endsWith('.')), 'not a repository name');

/** A branch, tag or commit. */
export const revisionSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'a revision is a branch, tag or commit');

/** A SHA-256 in hex. */
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 is 64 hex digits')
  .transform((hex) => hex.toLowerCase());

/** A model id as stored: a folder name. */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => !/[/\\]/.test(id) && id !== '.' && id !== '..', 'a model id is a folder name');

/** Input of `models:download`. */
export const modelDownloadInput = z
  .object({
    repo: repoSchema,
    revision: revisionSchema.default('main'),
    /** Expected SHA-256 per file path (`onnx/model.onnx`): checked instead of the hub's ETag. */
    checksums: z.record(z.string().max(200), sha256Schema).optional(),
    /** Switch to the model once downloaded. */
    activate: z.boolean().default(false),
  })
  .strict();
