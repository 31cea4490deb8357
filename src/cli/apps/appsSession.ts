/**
 * What every `apps` and `audit` command runs in: the hub's store in --data (default ~/.tedee-hub, as `run` and
 * `keys`) and the applications API over it. No hub and no cloud: applications live on this machine only. The
 * store is opened in WAL mode with a busy timeout, so these commands may run while a hub uses the same folder.
 */
import type { ApplicationsApi } from '../../core/apps/api.js';
import { openApplications } from '../../core/apps/applications.js';
import { AppError } from '../../core/apps/errors.js';
import { KeyStore } from '../../core/keys/store.js';
import { UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { keysDataDir } from '../keys/keySession.js';

export const APPS_COMMON_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function withApplications<T>(
  values: { data?: unknown },
  io: CliIo,
  work: (apps: ApplicationsApi) => Promise<T> | T,
): Promise<T> {
  const store = KeyStore.open({ dataDir: keysDataDir(values.data as string | undefined, io.env) });
  try {
    return await work(openApplications(store));
  } finally {
    store.close();
  }
}

/**
 * Runs `work`, turning an APP_INVALID about a field that came from a flag into a usage error (exit 2) that names
 * the flag: `--expires (expiresAt): must be an ISO date-time ...`. `flags` maps fields to flags.
 */
export function asFlags<T>(flags: Record<string, string>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'APP_INVALID' || error.field === undefined)
      throw error;
    const flag = flags[error.field.replace(/\[\d+\]$/, '')];
    if (flag === undefined) throw error;
    // "expiresAt: must be ..." -> "--expires (expiresAt): must be ..."
    throw new UsageError(`${flag} (${error.field})${error.message.slice(error.field.length)}`);
  }
}

/** A change made from the CLI goes to the audit log too (no application: it was made on the machine itself). */
export function auditCli(apps: ApplicationsApi, operation: string, target: string): void {
  apps.audit.write({ operation: `cli ${operation}`, target, outcome: 'ok' });
}
