/**
 * Whether the hub answers, for the first-run offer of a real model: a HEAD request for the
 * recommended model's config, with a short time limit, remembered for a minute.
 */
import { probeFile } from './file-download';
import { resolveUrl } from './hub-files';

/** How long a HEAD request may take before the hub counts as unreachable. */
export const PROBE_TIMEOUT_MS = 4_000;
/** How long an answer is reused. */
const PROBE_CACHE_MS = 60_000;

/** The hub's answer. */
export interface HubReachability {
  reachable: boolean;
  reason: string | null;
}

/** Asks the hub whether a repository's file is there; caches the answer. */
export class HubProbe {
  private cached: { at: number; answer: Promise<HubReachability> } | null = null;

  constructor(
    private readonly endpoint: string,
    private readonly repo: string,
  ) {}

  /** Reachable when the recommended repository's config.json answers 200. */
  check(): Promise<HubReachability> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < PROBE_CACHE_MS) return this.cached.answer;
    const answer = this.ask();
    this.cached = { at: now, answer };
    return answer;
  }

  private async ask(): Promise<HubReachability> {
    const url = resolveUrl(this.endpoint, this.repo, 'main', 'config.json');
    try {
      const meta = await probeFile(url, AbortSignal.timeout(PROBE_TIMEOUT_MS));
      return meta.exists ? { reachable: true, reason: null } : { reachable: false, reason: `${url} was not found on the hub` };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        reachable: false,
        reason: timedOut ? `no answer from ${this.endpoint} within ${PROBE_TIMEOUT_MS / 1000} s` : (error as Error).message,
      };
    }
  }
}
