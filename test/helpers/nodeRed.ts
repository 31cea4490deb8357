/**
 * node-red-node-test-helper on either Node-RED runtime in node_modules: `node-red` (5) or `node-red-4` (an
 * npm alias). The helper is one CommonJS singleton; `useNodeRed` points it at the runtime before each test
 * and unloads the flows after, so the two runtimes can run in one file, one after the other.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach } from 'vitest';

const require = createRequire(import.meta.url);

export const NODE_RED_RUNTIMES = ['node-red', 'node-red-4'] as const;
export type NodeRedRuntime = (typeof NODE_RED_RUNTIMES)[number];

/** The helper's surface these tests use. */
export interface NodeRedHelper {
  init(runtimePath: string, settings?: object): void;
  settings(settings: object): object;
  load(nodes: unknown, flow: object[], credentials?: object): Promise<void>;
  setFlows(flow: object[], type: 'full' | 'flows' | 'nodes', credentials?: object): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): unknown;
  request(): {
    post(path: string): { send(body: object): PromiseLike<{ status: number; body: unknown; text: string }> };
  };
  _RED: { version(): string };
  _redNodes: { getFlows(): { flows: object[] } };
}

export const helper = require('node-red-node-test-helper') as NodeRedHelper;

/** Points the helper at `runtime` for every test of the calling describe block. */
export function useNodeRed(runtime: NodeRedRuntime, settings: object = {}): NodeRedHelper {
  beforeEach(() => {
    helper.init(require.resolve(runtime), settings);
  });
  afterEach(async () => {
    await helper.unload();
  });
  return helper;
}

/** The kinds and number of the process's active handles (timers, sockets, servers), for leak checks. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * Records every timer set from now on until `stop()`; `pending()` is how many have neither fired nor been
 * cleared. Precise where process.getActiveResourcesInfo() is not: the emulator's own timers come and go.
 */
export function trackTimers(): { pending(): number; stop(): void } {
  const original = { setTimeout, clearTimeout, setInterval, clearInterval };
  const live = new Set<unknown>();
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = original.setTimeout(
      (...inner: unknown[]) => {
        live.delete(handle);
        fn(...inner);
      },
      ms,
      ...args,
    );
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = (handle: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle);
    original.clearTimeout(handle);
  };
  globalThis.setInterval = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = original.setInterval(fn, ms, ...args);
    live.add(handle);
    return handle;
  }) as typeof setInterval;
  globalThis.clearInterval = (handle: Parameters<typeof clearInterval>[0]) => {
    live.delete(handle);
    original.clearInterval(handle);
  };
  return {
    pending: () => live.size,
    stop: () => void Object.assign(globalThis, original),
  };
}
