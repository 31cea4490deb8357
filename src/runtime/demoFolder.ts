/**
 * The one folder the demo writes to: Homebridge's storage (with the bridge's pairing), Node-RED's user
 * folder, the hub's data and each child's log. Nothing else is written anywhere (docs/demo.md, "The demo
 * folder").
 */
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's own folder (the checkout for `npm start`): two levels above src/runtime or dist/runtime. */
export const PACKAGE_ROOT = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));

export interface DemoFolder {
  root: string;
  homebridge: string;
  nodeRed: string;
  hub: string;
  /**
   * The children's temp folder (their TMPDIR): what they write there (Node-RED's compile cache, for one) stays in
   * the demo folder too.
   */
  tmp: string;
  /** Where a child's output goes: `<root>/<name>.log`. */
  log(name: string): string;
}

function create(root: string): DemoFolder {
  const folder: DemoFolder = {
    root,
    homebridge: join(root, 'homebridge'),
    nodeRed: join(root, 'node-red'),
    hub: join(root, 'hub'),
    tmp: join(root, 'tmp'),
    log: (name) => join(root, `${name}.log`),
  };
  // The emulator starts from its seeded world on every run, so keys and flows of an earlier run would point at
  // cloud objects that no longer exist. Homebridge's storage stays: it holds the bridge's pairing with a Home app.
  for (const path of [folder.hub, folder.nodeRed, folder.tmp]) rmSync(path, { recursive: true, force: true });
  for (const path of [folder.homebridge, folder.nodeRed, folder.hub, folder.tmp])
    mkdirSync(path, { recursive: true, mode: 0o700 });
  return folder;
}

/**
 * `chosen` (from --folder), or `.demo/` in the package's folder: it stays with the checkout, survives a reboot
 * (so a Home app that paired with the demo bridge keeps it) and `rm -rf .demo` removes every trace. Where the
 * package folder cannot be written (an installation owned by root), the OS temp folder takes its place.
 */
export function openDemoFolder(chosen?: string): DemoFolder {
  if (chosen !== undefined) return create(resolve(chosen));
  try {
    return create(join(PACKAGE_ROOT, '.demo'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw error;
    return create(join(tmpdir(), 'tedee-hub-demo'));
  }
}

/**
 * The emulator's key and URL as a hub configuration file (0600) in the hub's folder: the table's `watch`
 * command reads it with `--config`, so the key is never printed (only keys' prefixes are, anywhere).
 */
export function writeCloudConfig(folder: DemoFolder, cloud: { url: string; key: string }): string {
  const path = join(folder.hub, 'cloud.json');
  const config = { personalAccessKey: cloud.key, apiUrl: cloud.url };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}
