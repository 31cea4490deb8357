/**
 * A name for the emulator that DNS can lose: `tedee-cloud.invalid` (RFC 6761: never resolves) answers
 * 127.0.0.1 while the entry is up, as a line in /etc/hosts would, and ENOTFOUND at once while it is down, as
 * a resolver's negative answer (NXDOMAIN) does. It wraps Node's `dns.lookup` (what every HTTP connection of the
 * process resolves names with) for this one name only; every other name goes to the resolver unchanged.
 *
 * Why not let the system resolver fail the `.invalid` name itself: its answer takes from milliseconds to
 * seconds depending on the machine's nameservers and load (lookups queue in libuv's four threads), which made
 * the scenario last 8 s on one run and 41 s on the next. A resolver that times out is a fault of its own.
 */
import dns from 'node:dns';

export const CLOUD_HOST = 'tedee-cloud.invalid';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => void;

export interface HostsEntry {
  /** True while the name resolves. */
  up: boolean;
  /** Names looked up while the entry was down (each a failed resolution). */
  failedLookups: number;
  remove(): void;
}

export function addHostsEntry(): HostsEntry {
  const original = dns.lookup;
  const entry: HostsEntry = {
    up: true,
    failedLookups: 0,
    remove: () => void (dns.lookup = original),
  };
  const lookup = function (this: unknown, host: string, options: unknown, callback?: LookupCallback) {
    const done = (typeof options === 'function' ? options : callback) as LookupCallback;
    const settings = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
    if (host === CLOUD_HOST && entry.up) {
      process.nextTick(() =>
        settings.all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4),
      );
      return;
    }
    if (host === CLOUD_HOST) {
      entry.failedLookups++;
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
        code: 'ENOTFOUND',
        syscall: 'getaddrinfo',
        hostname: host,
      });
      process.nextTick(() => done(error, undefined));
      return;
    }
    return (original as (...args: unknown[]) => unknown).call(this, host, options, callback);
  };
  dns.lookup = lookup as typeof dns.lookup;
  return entry;
}
