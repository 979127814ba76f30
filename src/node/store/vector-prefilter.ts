/**
 * The vector prefilter: an in-memory int8 copy of a model's vectors that a brute-force SIMD scan
 * (int8-scan.ts) ranks in milliseconds, so that only a few hundred candidates are scored
 * exactly against their float vectors. Those floats are a copy too, in a temporary file of this
 * process read at the candidates' offsets: sqlite-vec reads one vector by rowid in tens of
 * microseconds to a millisecond, the file in a few.
 *
 * SQLite stays the only truth. The copy is built from the model's vec0 table at the first search of
 * a connection and follows every later change through `vector_log`, which writeVectors and each
 * model's chunk-delete trigger fill in the same transaction as the vectors themselves: a crash rolls
 * back both, and a new process builds its copy afresh. The log is trimmed to its newest rows; a copy
 * that fell behind the trimmed part (its next row is gone) is built again.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { childLogger } from '../logger';
import type { StoreContext } from './db-context';
import { Int8Matrix } from './int8-scan';

const log = childLogger('store');

/** Rows of `vector_log` kept: a prefilter more changes behind than this is rebuilt. */
export const VECTOR_LOG_KEEP = 200_000;

/**
 * Quantizes a float vector to int8 with its own scale (cosine ranking ignores the scale); false if
 * it is all zero or holds a value that is not finite (no cosine ranking can place either).
 */
function quantize(source: Float32Array, target: Int8Array): boolean {
  let max = 0;
  for (const value of source) max = Math.max(max, Math.abs(value));
  if (!(max > 0 && Number.isFinite(max))) return false;
  const scale = 127 / max;
  for (let i = 0; i < source.length; i += 1) target[i] = Math.round(source[i]! * scale);
  return true;
}

function floats(blob: Buffer, dims: number, offset = 0): Float32Array {
  // A copy: the blob's byte offset need not be a multiple of 4.
  return new Float32Array(blob.buffer.slice(blob.byteOffset + offset, blob.byteOffset + offset + dims * 4));
}

/** A candidate of the prefilter with its exact float vector. */
export interface Candidate {
  id: number;
  vector: Float32Array;
}

const openFiles = new Set<string>();
let cleanupHooked = false;

/**
 * A temporary file for this process's float copy, removed at once where an open file can be
 * unlinked (POSIX) and at exit elsewhere (Windows).
 */
function openScratchFile(table: string): number {
  const path = join(tmpdir(), `semantik-vectors-${process.pid}-${table}-${Math.random().toString(36).slice(2)}.f32`);
  const fd = openSync(path, 'w+', 0o600);
  if (process.platform !== 'win32') {
    unlinkSync(path);
    return fd;
  }
  openFiles.add(path);
  if (!cleanupHooked) {
    cleanupHooked = true;
    process.on('exit', () => {
      for (const file of openFiles) {
        try {
          unlinkSync(file);
        } catch {
          // Still open elsewhere or already gone: the temp folder's cleaning removes it later.
        }
      }
    });
  }
  return fd;
}

/** The int8 copy of one model's vectors on one connection, with their floats in a scratch file. */
export class VectorPrefilter {
  private fd: number | null = null;
  private readonly matrix: Int8Matrix;
  private ids = new Float64Array(0);
  private readonly slotOf = new Map<number, number>();
  private count = 0;
  /** The last `vector_log` row applied. */
  private seq = 0;
  private built = false;
  /** All-zero vectors met by the last rebuild (not in the copy; counted to check it). */
  private zeroVectors = 0;
  private readonly scratch: Int8Array;

  constructor(
    private readonly ctx: StoreContext,
    /** The model's vec0 table. */
    readonly table: string,
    readonly dims: number,
  ) {
    this.scratch = new Int8Array(dims);
    this.matrix = new Int8Matrix(dims);
  }

  /** Vectors in the copy (all-zero vectors are left out: no cosine ranking can place them). */
  get size(): number {
    return this.count;
  }

  /** Brings the copy in step with the store: applies the log since the last sync, or rebuilds. */
  sync(): void {
    this.ctx.db
      .transaction(() => {
        const oldest = this.ctx.stmt<number | null>('SELECT min(seq) FROM vector_log').pluck().get() ?? null;
        const newest = this.ctx.stmt<number | null>('SELECT max(seq) FROM vector_log').pluck().get() ?? 0;
        if (!this.built || newest < this.seq || (oldest !== null && oldest > this.seq + 1)) {
          this.rebuild(newest);
          return;
        }
        if (newest === this.seq) return;
        const changes = this.ctx
          .stmt<{ chunkId: number; added: number }>(
            'SELECT chunk_id AS chunkId, added FROM vector_log WHERE seq > ? AND seq <= ? AND vec_table = ? ORDER BY seq',
          )
          .all(this.seq, newest, this.table);
        const vector = this.ctx.stmt<Buffer>(`SELECT embedding FROM ${this.table} WHERE rowid = ?`).pluck();
        for (const change of changes) {
          this.remove(change.chunkId);
          if (change.added === 1) {
            const blob = vector.get(BigInt(change.chunkId));
            // Gone again later in the log (or in this snapshot): nothing to add.
            if (blob) this.put(change.chunkId, floats(blob, this.dims));
          }
        }
        this.seq = newest;
      })
      .deferred();
  }

  /**
   * The `count` chunk ids whose int8 vectors are nearest to `query` by cosine, nearest first.
   *
   * Approximate (int8): callers score the candidates exactly and ask for a few times more than
   * they keep.
   */
  candidates(query: Float32Array, count: number): Candidate[] {
    const want = Math.min(count, this.count);
    if (want === 0 || !quantize(query, this.scratch)) return [];
    return Array.from(this.matrix.nearest(this.scratch, this.count, want), (slot) => ({
      id: this.ids[slot]!,
      vector: this.floatsAt(slot),
    }));
  }

  /** Closes the scratch file; a later sync builds the copy again. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.built = false;
  }

  private scratchFile(): number {
    this.fd ??= openScratchFile(this.table);
    return this.fd;
  }

  private floatsAt(slot: number): Float32Array {
    const vector = new Float32Array(this.dims);
    readSync(this.scratchFile(), vector, 0, this.dims * 4, slot * this.dims * 4);
    return vector;
  }

  private rebuild(seq: number): void {
    this.slotOf.clear();
    this.count = 0;
    const expected = Number(this.ctx.stmt(`SELECT count(*) FROM ${this.table}_rowids`).pluck().get());
    this.reserve(expected);
    if (!this.loadFromShadowTables() || this.slotOf.size + this.zeroVectors !== expected) {
      // sqlite-vec's storage is not laid out as this version expects: read through vec0 instead.
      this.slotOf.clear();
      this.count = 0;
      this.zeroVectors = 0;
      for (const row of this.ctx.db.prepare<[], [number | bigint, Buffer]>(`SELECT rowid, embedding FROM ${this.table}`).raw().iterate()) {
        if (!this.put(Number(row[0]), floats(row[1], this.dims))) this.zeroVectors += 1;
      }
    }
    this.seq = seq;
    this.built = true;
  }

  /**
   * Reads the vectors straight from vec0's chunk tables (a thousand vectors a row), which is two
   * orders of magnitude faster than a row at a time; false if their layout is not the expected one.
   */
  private loadFromShadowTables(): boolean {
    this.zeroVectors = 0;
    const rows = this.ctx.db
      .prepare<[], [number, Buffer, Buffer, Buffer]>(
        `SELECT c.size, c.validity, c.rowids, v.vectors FROM ${this.table}_chunks c
         JOIN ${this.table}_vector_chunks00 v ON v.rowid = c.chunk_id`,
      )
      .raw();
    for (const [size, validity, rowids, vectors] of rows.iterate()) {
      if (validity.length * 8 < size || rowids.length !== size * 8 || vectors.length !== size * this.dims * 4) return false;
      for (let i = 0; i < size; i += 1) {
        if ((validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
        const id = Number(rowids.readBigInt64LE(i * 8));
        if (!this.put(id, floats(vectors, this.dims, i * this.dims * 4))) this.zeroVectors += 1;
      }
    }
    return true;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.ids.length) return;
    this.matrix.reserve(capacity, this.count);
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    this.ids = ids;
  }

  /** Adds a vector; false (and nothing stored) for an all-zero one. */
  private put(id: number, vector: Float32Array): boolean {
    if (vector.length !== this.dims)
      throw new SemantikError('STORE', `${this.table}: a vector of ${vector.length} floats, not ${this.dims}`);
    if (!quantize(vector, this.scratch)) return false;
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      // Doubling, up to what the scan can hold; past that, reserve throws and prefilterFor gives up.
      if (this.count === this.ids.length) this.reserve(Math.max(this.count + 1, Math.min(this.count * 2, this.matrix.maxRows), 1024));
      slot = this.count;
      this.count += 1;
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
    }
    // Never refused: quantize gave a row whose largest value is ±127.
    this.matrix.set(slot, this.scratch);
    writeSync(this.scratchFile(), vector, 0, this.dims * 4, slot * this.dims * 4);
    return true;
  }

  /** Removes a vector if present: the last slot moves into its place, so the matrix stays dense. */
  private remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    const last = this.count - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.matrix.copy(last, slot);
      writeSync(this.scratchFile(), this.floatsAt(last), 0, this.dims * 4, slot * this.dims * 4);
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    this.count = last;
  }
}

/** A connection's prefilters by vector table; null for a table too large for one (searched exactly). */
const prefilters = new WeakMap<StoreContext, Map<string, VectorPrefilter | null>>();

/**
 * The connection's prefilter of a model's vector table, in step with the store; null when its
 * vectors do not fit the int8 scan's memory (WebAssembly's 4 GiB, or what the machine can give),
 * and the caller searches exactly. The connection does not try again.
 */
export function prefilterFor(ctx: StoreContext, table: string, dims: number): VectorPrefilter | null {
  let byTable = prefilters.get(ctx);
  if (!byTable) {
    byTable = new Map();
    prefilters.set(ctx, byTable);
  }
  let prefilter = byTable.get(table);
  if (prefilter === null) return null;
  if (!prefilter || prefilter.dims !== dims) {
    prefilter = new VectorPrefilter(ctx, table, dims);
    byTable.set(table, prefilter);
  }
  try {
    prefilter.sync();
  } catch (error) {
    if (!(error instanceof RangeError || (error instanceof SemantikError && error.code === 'STORE'))) throw error;
    log.warn({ table, err: error.message }, 'the vectors do not fit the in-memory prefilter; vector searches scan them exactly');
    prefilter.close();
    byTable.set(table, null);
    return null;
  }
  return prefilter;
}

/** Closes the connection's prefilters (their scratch files). */
export function closePrefilters(ctx: StoreContext): void {
  for (const prefilter of prefilters.get(ctx)?.values() ?? []) prefilter?.close();
  prefilters.delete(ctx);
}
