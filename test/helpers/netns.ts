/**
 * A network namespace joined to this machine by a veth pair: "another machine" for the remote
 * worker test, reachable only through 10.200.N.0/30 (a private subnet that exists only inside this
 * machine, made and removed by the test). Needs root (CAP_NET_ADMIN); where that is missing,
 * {@link createNetns} says why and the test is skipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/** A namespace with the host side at `hostIp` and the namespace side at `nsIp`. */
export interface Netns {
  name: string;
  hostIp: string;
  nsIp: string;
  /** Starts `command` inside the namespace. */
  spawn(command: string, args: string[], env: Record<string, string>): ChildProcess;
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes the namespace; returns it, or the reason it cannot be made here. */
export function createNetns(): Netns | { skipped: string } {
  const tag = process.pid % 10_000;
  const name = `semtest${tag}`;
  const [hostIf, nsIf] = [`vsa${tag}`, `vsb${tag}`];
  const octet = process.pid % 250;
  const [hostIp, nsIp] = [`10.200.${octet}.1`, `10.200.${octet}.2`];
  const remove = (): void => {
    // Deleting one end of a veth pair deletes both; the namespace goes last.
    for (const args of [
      ['link', 'del', hostIf],
      ['netns', 'del', name],
    ]) {
      try {
        ip(...args);
      } catch {
        // Already gone (or never made).
      }
    }
  };
  try {
    remove();
    ip('netns', 'add', name);
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    remove();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skipped: `cannot create a network namespace here (${stderr || (error as Error).message})` };
  }
  return {
    name,
    hostIp,
    nsIp,
    spawn(command, args, env) {
      return spawn('ip', ['netns', 'exec', name, command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    },
    remove,
  };
}
