/** Opening an onnxruntime-node session on the requested device, falling back to CPU. */
import * as ort from 'onnxruntime-node';
import { SemantikError } from '../../shared/errors.js';
import { childLogger } from '../logger.js';

const log = childLogger('embedder');

/** The device a caller asks for (a leased GPU, or the CPU). */
export type DeviceRequest = { kind: 'cuda'; deviceId: number } | { kind: 'cpu' };

/** A session and the device it actually runs on. */
export interface OpenedSession {
  session: ort.InferenceSession;
  /** `cuda:N` or `cpu`, as actually used. */
  device: string;
  /** Why a CUDA request ended on the CPU (absent when it did not). */
  fallbackReason?: string;
}

function baseOptions(threads: number | undefined): ort.InferenceSession.SessionOptions {
  return { graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}) };
}

async function create(modelPath: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelPath, options);
}

/**
 * Opens `modelPath` on `device`.
 *
 * A CUDA request uses the CUDA execution provider with that device id; when that fails (no CUDA
 * provider library, no driver, bad id) the model opens on the CPU and the reason is reported, so
 * indexing goes on, slower, rather than stopping.
 */
export async function openSession(modelPath: string, device: DeviceRequest, threads?: number): Promise<OpenedSession> {
  let fallbackReason: string | undefined;
  if (device.kind === 'cuda') {
    try {
      const session = await create(modelPath, {
        ...baseOptions(threads),
        executionProviders: [{ name: 'cuda', deviceId: device.deviceId }],
      });
      return { session, device: `cuda:${device.deviceId}` };
    } catch (error) {
      fallbackReason = `CUDA execution provider unavailable for device ${device.deviceId}: ${error instanceof Error ? error.message : String(error)}`;
      log.warn({ modelPath, fallbackReason }, 'falling back to CPU');
    }
  }
  try {
    const session = await create(modelPath, { ...baseOptions(threads), executionProviders: ['cpu'] });
    return fallbackReason ? { session, device: 'cpu', fallbackReason } : { session, device: 'cpu' };
  } catch (cause) {
    throw new SemantikError('MODEL', `Cannot load ONNX model ${modelPath}`, { cause });
  }
}
