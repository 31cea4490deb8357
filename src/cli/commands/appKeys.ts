/**
 * tedee-hub apps keys add|list|deactivate|reactivate|expire|remove: the access keys of an application (docs/cli.md
 * "Applications and access keys"). The whole key is printed once, by `add`; everything else shows its prefix.
 */
import type { ApplicationsApi } from '../../core/apps/api.js';
import { parse, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { accessKeysTable, createdKeyJson, createdKeyLines } from '../apps/appOutput.js';
import { APPS_COMMON_OPTIONS, asFlags, auditCli, withApplications } from '../apps/appsSession.js';
import { jsonLines } from '../keys/keyOutput.js';
import type { SubcommandSet } from '../keys/subcommands.js';

const APP_AND_KEY = { min: 2, max: 2, names: 'the application and one access key (name or id)' };

async function addCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...APPS_COMMON_OPTIONS, name: { type: 'string' }, expires: { type: 'string' } },
    { min: 1, max: 1, names: 'the application (name or id)' },
  );
  if (values.name === undefined) throw new UsageError('--name is required: the access key needs a name');
  const input = { name: values.name, ...(values.expires !== undefined && { expiresAt: values.expires }) };
  return withApplications(values, io, (apps) => {
    const created = asFlags({ name: '--name', expiresAt: '--expires' }, () =>
      apps.addAccessKey(positionals[0]!, input),
    );
    auditCli(apps, 'apps keys add', `${created.applicationName}/${created.name} ${created.prefix}`);
    if (values.json) io.out(createdKeyJson(created));
    else createdKeyLines(created).forEach((line) => io.out(line));
    return 0;
  });
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, APPS_COMMON_OPTIONS, {
    min: 0,
    max: 1,
    names: 'at most one application (name or id)',
  });
  return withApplications(values, io, (apps) => {
    const keys = apps.listAccessKeys(positionals[0]);
    if (values.json) jsonLines(keys).forEach(io.out);
    else if (keys.length === 0) io.out('No access keys.');
    else accessKeysTable(keys).forEach((line) => io.out(line));
    return 0;
  });
}

/** A change of one key's state: deactivate, reactivate or a new expiry. */
function changeCommand(
  verb: string,
  changes: (values: Record<string, unknown>) => object,
  extraOptions: Record<string, { type: 'string' }> = {},
) {
  return async (argv: string[], io: CliIo): Promise<number> => {
    const { values, positionals } = parse(argv, { ...APPS_COMMON_OPTIONS, ...extraOptions }, APP_AND_KEY);
    const [application, key] = positionals as [string, string];
    return withApplications(values, io, (apps: ApplicationsApi) => {
      const info = asFlags({ expiresAt: '--at' }, () =>
        apps.updateAccessKey(application, key, changes(values)),
      );
      auditCli(apps, `apps keys ${verb}`, `${info.applicationName}/${info.name} ${info.prefix}`);
      if (values.json) jsonLines(info).forEach(io.out);
      else
        io.out(
          `Access key ${info.name} (${info.prefix}) of ${info.applicationName}: ${info.state}, ` +
            `expires ${info.expiresAt ?? 'never'}.`,
        );
      return 0;
    });
  };
}

/** `expire` without --at: now; `--at never`: no expiry; `--at ISO`: then (a later time extends an expired key). */
function expiryOf(values: Record<string, unknown>): { expiresAt: string | null } {
  const at = values.at as string | undefined;
  if (at === undefined) return { expiresAt: new Date().toISOString() };
  return { expiresAt: at === 'never' ? null : at };
}

async function removeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...APPS_COMMON_OPTIONS, all: { type: 'boolean' } },
    { min: 1, max: 100, names: 'the application and the access keys to remove (names or ids), or --all' },
  );
  const [application, ...keys] = positionals as [string, ...string[]];
  if (values.all === true && keys.length > 0)
    throw new UsageError('--all removes every key: name no keys with it');
  if (values.all !== true && keys.length === 0)
    throw new UsageError('name the access keys to remove (names or ids), or pass --all for every key');
  return withApplications(values, io, (apps) => {
    const app = apps.getApplication(application);
    const removed = apps.removeAccessKeys(app.id, values.all === true ? undefined : keys);
    auditCli(apps, 'apps keys remove', `${app.name}/${values.all === true ? '*' : keys.join(',')}`);
    if (values.json) jsonLines({ application: app.name, removed }).forEach(io.out);
    else io.out(`Removed ${removed} access key${removed === 1 ? '' : 's'} of ${app.name}.`);
    return 0;
  });
}

const DATA = '[--json] [--data DIR]';

export const APP_KEYS_COMMANDS: SubcommandSet = {
  command: 'apps keys',
  subcommands: {
    add: {
      run: addCommand,
      usage: `tedee-hub apps keys add <application> --name N [--expires ISO] ${DATA}`,
    },
    list: { run: listCommand, usage: `tedee-hub apps keys list [<application>] ${DATA}` },
    deactivate: {
      run: changeCommand('deactivate', () => ({ active: false })),
      usage: `tedee-hub apps keys deactivate <application> <key> ${DATA}`,
    },
    reactivate: {
      run: changeCommand('reactivate', () => ({ active: true })),
      usage: `tedee-hub apps keys reactivate <application> <key> ${DATA}`,
    },
    expire: {
      run: changeCommand('expire', expiryOf, { at: { type: 'string' } }),
      usage: `tedee-hub apps keys expire <application> <key> [--at ISO|never] ${DATA}`,
    },
    remove: {
      run: removeCommand,
      usage: `tedee-hub apps keys remove <application> (<key>... | --all) ${DATA}`,
    },
  },
};
