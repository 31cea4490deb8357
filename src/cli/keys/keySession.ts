/**
 * What every `keys` and `profiles` command runs in: the key store in the hub's data folder (--data), a
 * one-shot hub (withHub: ready, within --timeout, stopped afterwards) and the key service built on both.
 * The store is opened first, so a locked or damaged store fails before any cloud call.
 */
import type { LockHub } from '../../core/index.js';
import type { KeyServiceApi } from '../../core/keys/service/api.js';
import { KeyStore } from '../../core/keys/store.js';
import type { CloudArgs } from '../args.js';
import { cloudArgs } from '../args.js';
import type { FlagValues } from './keyRequestFlags.js';
import type { CliIo } from '../io.js';
import type { Session } from '../commands/session.js';
import { defaultDataDir } from '../commands/run.js';
import { withHub } from '../commands/session.js';
import { startKeyService } from './createService.js';
import type { LockNames } from './keyOutput.js';

/** The hub's data folder when --data names none: ~/.tedee-hub, as `run` ($HOME first). */
export function keysDataDir(data: string | undefined, env: CliIo['env']): string {
  return data ?? defaultDataDir(env);
}

export interface KeySession extends Session {
  keys: KeyServiceApi;
  /** Lock names by id, for output. */
  names: LockNames;
}

function lockNames(hub: LockHub): LockNames {
  return new Map(hub.locks().map((lock) => [lock.id, lock.name]));
}

export async function withKeyService<T>(
  name: string,
  cloud: CloudArgs,
  dataDir: string,
  io: CliIo,
  work: (session: KeySession) => Promise<T> | T,
): Promise<T> {
  const store = KeyStore.open({ dataDir });
  try {
    return await withHub(
      name,
      cloud,
      io,
      async (session) => {
        const service = await startKeyService(session.hub, store);
        try {
          return await work({ ...session, keys: service.api, names: lockNames(session.hub) });
        } finally {
          await service.stop();
        }
      },
      { dataDir },
    );
  } finally {
    store.close();
  }
}

/** A key subcommand's session: the cloud options and --data of its flags, then `work` with the key service. */
export async function keySession<T>(
  name: string,
  values: FlagValues,
  io: CliIo,
  work: (session: KeySession) => Promise<T> | T,
): Promise<T> {
  return withKeyService(
    name,
    await cloudArgs(values, io),
    keysDataDir(values.data as string | undefined, io.env),
    io,
    work,
  );
}
