import { validateConfig } from '../../config/index.js';
import { MAX_CONFIG_BYTES, readTextFile } from '../../util/boundedFile.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import { jsonSyntaxProblem } from '../../util/jsonSyntax.js';

/**
 * TEDEE_PAK and TEDEE_API_URL fill in a key or URL the file leaves out, as they do for the other commands;
 * a value in the file wins (it is what the user wrote for this hub).
 */
function withEnvironment(raw: unknown, env: CliIo['env']): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return {
    ...(env.TEDEE_PAK ? { personalAccessKey: env.TEDEE_PAK } : {}),
    ...(env.TEDEE_API_URL ? { apiUrl: env.TEDEE_API_URL } : {}),
    ...raw,
  };
}

/** Reads and validates a JSON configuration file (completed from `env`); the problems, or the config. */
export async function loadConfigFile(path: string, env: CliIo['env']) {
  // Capped and checked: a huge file is refused from its size, a device or FIFO is never opened (docs/hostile-input.md).
  const file = await readTextFile(path, MAX_CONFIG_BYTES, 'configuration file');
  if (!file.ok) return { ok: false as const, errors: [`${path}: ${file.problem}`] };
  let raw: unknown;
  try {
    raw = JSON.parse(file.text);
  } catch (error) {
    return { ok: false as const, errors: [`${path}: is not valid JSON (${jsonSyntaxProblem(error)})`] };
  }
  return validateConfig(withEnvironment(raw, env));
}

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
