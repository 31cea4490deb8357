/**
 * Which API version each client uses. Tedee supports a version for 12 months after a newer breaking one,
 * then deprecates it (reduced rate limits) and retires it 6 months later (api-versioning-and-support.rst);
 * the emulator still answers a retired version, so that old clients can be tested, but warns: the real
 * cloud no longer does.
 */
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const CURRENT_VERSION = 'v37';

/** The dates of the "Deprecations" entries of the docs' release notes (release-notes.rst). */
export const VERSION_SUPPORT: Readonly<Record<string, { deprecated: string; retired: string }>> = {
  'v1.30': { deprecated: '2024-09-18', retired: '2025-03-18' },
  'v1.31': { deprecated: '2024-10-02', retired: '2025-04-02' },
  'v1.32': { deprecated: '2025-09-23', retired: '2026-03-23' },
  'v1.33': { deprecated: '2026-01-27', retired: '2026-07-27' },
  'v1.34': { deprecated: '2026-03-25', retired: '2026-09-25' },
  'v1.35': { deprecated: '2026-04-07', retired: '2026-10-07' },
  'v1.36': { deprecated: '2026-08-11', retired: '2027-02-11' },
};

export type VersionStatus = 'current' | 'supported' | 'deprecated' | 'retired';

/** One client (a key, with the User-Agent it sent) on one version. */
export interface ClientVersion {
  /** The key's prefix: never its secret. */
  key: string;
  userAgent: string | null;
  version: string;
  status: VersionStatus;
  requests: number;
  firstSeen: string;
  lastSeen: string;
}

/** A version's standing on a day, from the release notes' dates (UTC days). */
export function versionStatus(version: string, now: number): VersionStatus {
  if (version === CURRENT_VERSION) return 'current';
  const support = VERSION_SUPPORT[version];
  if (!support) return 'supported';
  if (now >= Date.parse(support.retired)) return 'retired';
  if (now >= Date.parse(support.deprecated)) return 'deprecated';
  return 'supported';
}

function clientLine(entry: ClientVersion): string {
  const agent = entry.userAgent ? ` (${entry.userAgent})` : '';
  return `API client with key ${entry.key}…${agent} uses ${entry.version}`;
}

export class ClientVersions {
  private readonly entries = new Map<string, ClientVersion & { warned: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Counts a request; notes a client's first request on a version and warns once when it is retired. */
  seen(keyPrefix: string, userAgent: string | undefined, version: string): void {
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    const id = `${keyPrefix} ${userAgent ?? ''} ${version}`;
    let entry = this.entries.get(id);
    const status = versionStatus(version, now);
    if (!entry) {
      entry = {
        key: keyPrefix,
        userAgent: userAgent ?? null,
        version,
        status,
        requests: 0,
        firstSeen: iso,
        lastSeen: iso,
        warned: false,
      };
      this.entries.set(id, entry);
      const support = VERSION_SUPPORT[version];
      const note = status === 'deprecated' && support ? `, deprecated since ${support.deprecated}` : '';
      this.logger.info(`${clientLine(entry)}${note}.`);
    }
    entry.requests++;
    entry.lastSeen = iso;
    entry.status = status;
    if (status === 'retired' && !entry.warned) {
      entry.warned = true;
      this.logger.warn(
        `${clientLine(entry)}, which the Tedee release notes retired on ${VERSION_SUPPORT[version]!.retired}: ` +
          `the real cloud no longer answers it. Move to ${CURRENT_VERSION}.`,
      );
    }
  }

  list(): ClientVersion[] {
    return [...this.entries.values()].map(({ warned: _warned, ...entry }) => ({ ...entry }));
  }

  reset(): void {
    this.entries.clear();
  }
}
