/**
 * A hub configuration file as `tedee-hub run` reads it: capped, parsed and validated, with TEDEE_PAK and
 * TEDEE_API_URL filling in what it leaves out. Also the source of the cloud commands' `--config`.
 */
import { validateConfig } from '../config/index.js';
import { MAX_CONFIG_BYTES, readTextFile } from '../util/boundedFile.js';
import { jsonSyntaxProblem } from '../util/jsonSyntax.js';
import type { CliIo } from './io.js';

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
