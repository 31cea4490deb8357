import type { RunningDemo } from './demoSession.js';

export async function runScenario(
  _demo: RunningDemo,
  _stop: Promise<string>,
  _say: (line: string) => void,
): Promise<string[]> {
  return [];
}
