/** tedee-hub apps add|list|remove and apps keys ... (docs/cli.md "Applications and access keys"). */
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import { applicationsTable } from '../apps/appOutput.js';
import { APPS_COMMON_OPTIONS, asFlags, auditCli, withApplications } from '../apps/appsSession.js';
import { jsonLines } from '../keys/keyOutput.js';
import { runSubcommand } from '../keys/subcommands.js';
import type { SubcommandSet } from '../keys/subcommands.js';
import { APP_KEYS_COMMANDS } from './appKeys.js';

const ONE_APP = { min: 1, max: 1, names: 'one application name or id' };

async function addCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...APPS_COMMON_OPTIONS,
      group: { type: 'string' },
      description: { type: 'string' },
      locks: { type: 'string' },
    },
    { min: 1, max: 1, names: 'the application name (quote a name with spaces)' },
  );
  const input = {
    name: positionals[0],
    group: values.group,
    ...(values.description !== undefined && { description: values.description }),
    ...(values.locks !== undefined && { locks: values.locks.split(',').map((lock) => lock.trim()) }),
  };
  const flags = { name: 'NAME', group: '--group', description: '--description', locks: '--locks' };
  return withApplications(values, io, (apps) => {
    const app = asFlags(flags, () => apps.addApplication(input));
    auditCli(apps, 'apps add', app.name);
    if (values.json) jsonLines(app).forEach(io.out);
    else io.out(`Application ${app.name} added (group ${app.group}, id ${app.id}).`);
    return 0;
  });
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, APPS_COMMON_OPTIONS, { min: 0, max: 0, names: '' });
  return withApplications(values, io, (apps) => {
    const found = apps.listApplications();
    if (values.json) jsonLines(found).forEach(io.out);
    else if (found.length === 0) io.out('No applications.');
    else applicationsTable(found, apps.listAccessKeys()).forEach((line) => io.out(line));
    return 0;
  });
}

async function removeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, APPS_COMMON_OPTIONS, ONE_APP);
  return withApplications(values, io, (apps) => {
    const app = apps.getApplication(positionals[0]!);
    const { removedKeys } = apps.removeApplication(app.id);
    auditCli(apps, 'apps remove', app.name);
    if (values.json) jsonLines({ id: app.id, name: app.name, removedKeys }).forEach(io.out);
    else
      io.out(
        `Application ${app.name} removed, with its ${removedKeys} access key${removedKeys === 1 ? '' : 's'}.`,
      );
    return 0;
  });
}

const DATA = '[--json] [--data DIR]';

export const APPS_COMMANDS: SubcommandSet = {
  command: 'apps',
  subcommands: {
    add: {
      run: addCommand,
      usage: `tedee-hub apps add <name> --group owner|general-manager|team|installer|housekeeping|viewer [--description D] [--locks A,B] ${DATA}`,
    },
    list: { run: listCommand, usage: `tedee-hub apps list ${DATA}` },
    remove: { run: removeCommand, usage: `tedee-hub apps remove <name|id> ${DATA}` },
    keys: {
      run: (argv, io) => runSubcommand(APP_KEYS_COMMANDS, argv, io),
      usage: 'tedee-hub apps keys add|list|deactivate|reactivate|expire|remove [options]',
    },
  },
};

/** tedee-hub apps <subcommand> ... */
export function appsCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand(APPS_COMMANDS, argv, io);
}
