/**
 * What the CLI's read-only commands (`status`, `gpus`) share: reaching the running instance, or
 * saying plainly that none runs, and the instance's own device list.
 */
import { z } from 'zod';
import { detectGpus } from '../../node/gpu/detect-gpus';
import type { GpuDevice } from '../../node/gpu/gpu-types';
import type { EngineConfig } from '../engine/config';
import { GPU_DEVICES_KEY } from '../engine/pool-setup';
import { connectToInstance, type EngineLink } from './connect';
import { printResult } from './output';

const devicesSchema = z.array(
  z.object({
    id: z.string(),
    index: z.number().int(),
    name: z.string(),
    simulated: z.boolean(),
    uuid: z.string().optional(),
    memoryTotalMiB: z.number().optional(),
  }),
);

/** The running instance's link, or null after printing that none runs (exit code 3 then). */
export function linkOrReport(config: EngineConfig, json: boolean): EngineLink | null {
  const link = connectToInstance(config);
  if (!link) printResult(json, { running: false, dataDir: config.dataDir }, () => `No Semantik instance is running on ${config.dataDir}.`);
  return link;
}

/**
 * The devices the engine published (it may run with SEMANTIK_GPUS=sim:N, which this shell does not
 * see); what this shell detects when it published none.
 */
export async function instanceDevices(link: EngineLink): Promise<GpuDevice[]> {
  const published = await link.redis.get(GPU_DEVICES_KEY);
  const parsed = published === null ? null : devicesSchema.safeParse(JSON.parse(published));
  return parsed?.success ? parsed.data : detectGpus();
}
