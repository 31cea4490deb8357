/**
 * Node-RED for the demo: a real Node-RED process with this package linked into its user folder (as `npm install`
 * in that folder would place it), the editor on 127.0.0.1, and the demo flow deployed through the admin API with
 * the emulator's key as the account's credential.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChildProcesses, DemoChild } from './demoChildren.js';
import type { DemoFolder } from './demoFolder.js';
import { PACKAGE_ROOT } from './demoFolder.js';
import type { DemoFlowInput } from './demoFlows.js';
import { demoFlows } from './demoFlows.js';

const READY_WITHIN_MS = 60_000;

export interface RunningNodeRed {
  child: DemoChild;
  url: string;
  version: string;
}

/** Node-RED's command (red.js) in node_modules, or undefined when it is not installed (a devDependency). */
export function nodeRedBin(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('node-red/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> };
    const path = bin?.['node-red'] && join(dirname(manifest), bin['node-red']);
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The settings file: editor and admin API on loopback, credentials encrypted with a secret of this run. */
function settings(port: number): string {
  const values = {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    credentialSecret: randomBytes(16).toString('hex'),
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    diagnostics: { enabled: false },
  };
  return `// Written by tedee-hub demo on every run.\nmodule.exports = ${JSON.stringify(values, null, 2)};\n`;
}

/** The package's example flows (examples/*.json), as Node-RED lists them in Import > Examples. */
function exampleFlows(): { id: string; type: string }[][] {
  const folder = join(PACKAGE_ROOT, 'examples');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as { id: string; type: string }[]);
}

export async function startDemoNodeRed(options: {
  bin: string;
  children: ChildProcesses;
  folder: DemoFolder;
  port: number;
  flow: DemoFlowInput;
}): Promise<RunningNodeRed> {
  const userDir = options.folder.nodeRed;
  mkdirSync(join(userDir, 'node_modules'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(userDir, 'node_modules', 'homebridge-tedee-hub'), 'dir');
  // A user folder without a package.json gets one from Node-RED; this one keeps it from scanning for more.
  writeFileSync(
    join(userDir, 'package.json'),
    JSON.stringify({ name: 'tedee-demo-node-red', private: true }),
  );
  writeFileSync(join(userDir, 'settings.js'), settings(options.port), { mode: 0o600 });
  const child = options.children.start({
    name: 'Node-RED',
    command: process.execPath,
    args: [options.bin, '--userDir', userDir, '--settings', join(userDir, 'settings.js')],
    env: { ...process.env, TMPDIR: options.folder.tmp },
    logFile: options.folder.log('node-red'),
  });
  await child.waitForLine(/Server now running at/, READY_WITHIN_MS);
  const url = `http://127.0.0.1:${options.port}`;
  const deployed = await fetch(`${url}/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
    body: JSON.stringify(demoFlows(options.flow, exampleFlows())),
  });
  if (!deployed.ok)
    throw new Error(`Node-RED refused the demo flow: ${deployed.status} ${await deployed.text()}`);
  const settingsAnswer = (await (await fetch(`${url}/settings`)).json()) as { version?: string };
  return { child, url, version: settingsAnswer.version ?? '?' };
}
