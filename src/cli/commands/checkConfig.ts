import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import { loadConfigFile } from '../configFile.js';

/** tedee-hub check-config <file>: "ok" when `tedee-hub run` would accept the file (environment included). */
export async function checkConfigCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(argv, {}, { min: 1, max: 1, names: 'one configuration file' });
  const result = await loadConfigFile(positionals[0]!, io.env);
  if (result.ok) {
    result.warnings.forEach((warning) => io.out(`warning: ${warning}`));
    io.out('ok');
    return 0;
  }
  result.errors.forEach((error) => io.out(error));
  return 1;
}
