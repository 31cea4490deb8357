/**
 * The flows of examples/ as a test deploys them: read from the file, with only the account's API URL and key
 * changed, exactly what a user changes to try an example against the emulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES_DIR = 'examples';

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  [setting: string]: unknown;
}

/** The file names (without .json) of every example flow. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export function readExample(name: string): FlowNode[] {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as FlowNode[];
}

/** The example with each `tedee-account` node pointed at `apiUrl`, its key given inline as credentials. */
export function exampleFlow(
  name: string,
  account: { apiUrl: string; personalAccessKey: string },
): FlowNode[] {
  return readExample(name).map((node) =>
    node.type === 'tedee-account'
      ? { ...node, apiUrl: account.apiUrl, credentials: { personalAccessKey: account.personalAccessKey } }
      : node,
  );
}
