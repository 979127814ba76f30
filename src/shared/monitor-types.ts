/**
 * What the monitor shows: the data the supervisor pushes to the window and the web page.
 *
 * Plain data only (no Dates, no Maps), so that it crosses IPC and WebSocket unchanged.
 */
import type { Heartbeat } from './worker-protocol';

export type FolderState = 'idle' | 'scanning' | 'indexing' | 'done' | 'failed' | 'paused';

/** One indexed folder with its counts and the progress of its latest run. */
export interface FolderInfo {
  id: number;
  path: string;
  state: FolderState;
  /** Every file of the folder the index records: indexed + failed + skipped + pending. */
  files: number;
  /** Files whose every chunk has its vector: searchable. */
  indexed: number;
  /** Files that could not be read or extracted (damaged, too large, unreadable), with a reason. */
  failed: number;
  /**
   * Files left out on purpose, with a reason: formats the app does not read (by name or content)
   * and links or special files it does not follow. Hidden and ignored names are not counted at
   * all: the scan never records them.
   */
  skipped: number;
  /** Files waiting to be read or embedded. */
  pending: number;
  chunks: number;
  error: string | null;
  addedAt: number;
  run: RunProgress | null;
}

/** Progress of one indexing run of a folder. */
export interface RunProgress {
  runId: number;
  startedAt: number;
  finishedAt: number | null;
  scanDone: boolean;
  filesSeen: number;
  filesQueued: number;
  filesIndexed: number;
  filesFailed: number;
  /** Files of this run waiting to be read or embedded. */
  filesPending: number;
  filesUnchanged: number;
  filesUnsupported: number;
  filesDeleted: number;
  chunks: number;
  chunksEmbedded: number;
  currentFile: string | null;
  /** When one of the run's documents last changed state (ms); null before the scan records any. */
  lastChangeAt: number | null;
  /** Files per second over the last few seconds; null until measurable. */
  rate: number | null;
  etaSeconds: number | null;
}

/** A worker process as the monitor knows it: the supervisor's view plus the last heartbeat. */
export interface WorkerInfo {
  workerId: string;
  pid: number | null;
  state: 'starting' | 'idle' | 'busy' | 'stopping' | 'offline' | 'crashed';
  local: boolean;
  restarts: number;
  lastHeartbeat: Heartbeat | null;
  lastError: string | null;
}

/** A GPU (real or simulated) with live stats where nvidia-smi gives them. */
export interface GpuInfo {
  id: string;
  index: number;
  name: string;
  simulated: boolean;
  utilizationPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
  powerW: number | null;
  /** The device's one holder (a worker process), or null when it is free. */
  lease: GpuLeaseInfo | null;
  /** Device memory before and after the last sampled task on it (see gpu-memory.ts). */
  taskMemory?: GpuTaskMemory | null;
}

/** Every device and the one wait list they share (waiters wait for any device, not one). */
export interface GpuStatus {
  gpus: GpuInfo[];
  /** Worker processes waiting for a device, first come first served. */
  waiters: GpuWaiter[];
}

export interface GpuLeaseInfo {
  /** The lease owner: `<workerId>:<pid>:<jobId>`, the job whose turn on the device is current (or was last). */
  holder: string;
  /** The holder's worker id, read from `holder`. */
  workerId?: string;
  /** The job whose turn it is (or was last), read from `holder`. */
  jobId?: string;
  /** The holder's jobs using the device (the current turn first); empty while it is idle. */
  jobIds: string[];
  /** True while the holder keeps the device with no job on it (nobody waited); a waiter takes it over. */
  idle: boolean;
  pid: number | null;
  since: number;
  fencingToken: number;
  expiresInMs: number;
}

export interface GpuWaiter {
  /** `<workerId>:<pid>:*` for a worker process (it waits once for all its jobs), else any name. */
  owner: string;
  since: number;
  workerId?: string;
  pid?: number | null;
  /** The jobs waiting with it. */
  jobIds: string[];
  /** How long it has waited when the status was read. */
  waitingMs?: number;
}

/** One device's memory around the last sampled task (MiB; the worker's RSS for a simulated device). */
export interface GpuTaskMemory {
  beforeMiB: number | null;
  afterMiB: number | null;
  processMiB: number | null;
  released: boolean;
  source: 'nvidia-smi' | 'process-rss';
  owner: string;
  at: number;
}

/** The pool's autoscale mode. */
export interface AutoscaleInfo {
  enabled: boolean;
  min: number;
  max: number;
  idleMs: number;
}

export interface QueueCounts {
  name: string;
  paused: boolean;
  waiting: number;
  prioritized: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  waitingChildren: number;
}

export interface BrokerInfo {
  redisVersion: string;
  usedMemoryBytes: number;
  peakMemoryBytes: number;
  maxMemoryBytes: number;
  connectedClients: number;
  opsPerSecond: number;
  aofEnabled: boolean;
  external: boolean;
}

/** One job row of the jobs panel. */
export interface JobRow {
  id: string;
  queue: string;
  name: string;
  state: string;
  progress: number;
  attempts: number;
  workerId: string | null;
  device: string | null;
  folder: string | null;
  addedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

/** A search result: the chunk's file, its score and a snippet with the matched terms marked. */
export interface SearchHit {
  path: string;
  score: number;
  snippet: string;
  /** Character ranges in `snippet` that match query terms, for highlighting. */
  highlights: Array<[number, number]>;
  chunkIndex: number;
  lineStart: number | null;
  lineEnd: number | null;
  /** PDF page of the chunk, 1-based; null for formats without pages. */
  page: number | null;
  /** The hit's rank (1-based) in the keyword and the vector ranking; null where it was not found. */
  ranks?: { keyword: number | null; vector: number | null };
}

/** One passage of a file in a search by file: a matching chunk, as a SearchHit without its path. */
export type SearchPassage = Omit<SearchHit, 'path'>;

/** A file in a search by file: its best passages, best first; its score is its best passage's. */
export interface FileSearchHit {
  path: string;
  score: number;
  passages: SearchPassage[];
}

/** One stored chunk of a document, whole, as a preview shows it. */
export interface PreviewChunk {
  chunkIndex: number;
  text: string;
  heading: string | null;
  lineStart: number | null;
  lineEnd: number | null;
  page: number | null;
  /** True for the chunk that holds the line or page asked for. */
  target: boolean;
}

/** The stored text around a place in an indexed document: the chunk that holds it and its neighbours. */
export interface DocumentPreview {
  path: string;
  /** The target chunk's PDF page; null for formats without pages. */
  page: number | null;
  chunks: PreviewChunk[];
}

/** Everything the monitor shows at one instant; pushed whole on connect, then as updates. */
export interface MonitorSnapshot {
  at: number;
  folders: FolderInfo[];
  workers: WorkerInfo[];
  gpus: GpuInfo[];
  /** The one GPU wait list (absent from engines that do not report it). */
  gpuWaiters?: GpuWaiter[];
  queues: QueueCounts[];
  broker: BrokerInfo | null;
  paused: boolean;
  targetWorkers: number;
  maxWorkers: number;
  cpuOnly: boolean;
  /** The pool's autoscale mode (absent from engines that do not report it). */
  autoscale?: AutoscaleInfo;
}

/** Facts about the running app shown in the header and the about box. */
export interface AppInfo {
  version: string;
  dataDir: string;
  /** Where the app keeps its rotated log files (`<data folder>/logs`). */
  logsDir: string;
  mode: 'electron' | 'web' | 'headless';
  readOnly: boolean;
  model: ModelInfo;
}

export interface ModelInfo {
  id: string;
  name: string;
  dims: number;
  description: string;
  builtIn: boolean;
}

/** A file of a folder that failed or was skipped, with the reason (the folder's problem list). */
export interface FileProblem {
  path: string;
  reason: string;
  state: 'failed' | 'unsupported';
}
