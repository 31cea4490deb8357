/**
 * Homebridge for the demo: a real Homebridge process with this checkout as its plugin, its storage in the demo
 * folder, serving the emulator's locks. Its HAP server listens as Homebridge does by default (every interface,
 * advertised over mDNS), so that a Home app on the same network can pair with the demo bridge.
 */
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChildProcesses, DemoChild } from './demoChildren.js';
import type { DemoFolder } from './demoFolder.js';
import { PACKAGE_ROOT } from './demoFolder.js';

/** From Homebridge's start until its HAP server answers, on a loaded machine. */
const READY_WITHIN_MS = 60_000;

export interface DemoBridgeIdentity {
  username: string;
  pin: string;
}

export interface RunningHomebridge {
  child: DemoChild;
  port: number;
  pin: string;
  /** HAP's setup URI (`X-HM://...`), which the QR code holds. */
  setupUri: string;
}

/** Homebridge's command in node_modules, or undefined when it is not installed (a devDependency). */
export function homebridgeBin(): string | undefined {
  try {
    let folder = dirname(createRequire(import.meta.url).resolve('homebridge'));
    while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
    const { bin } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      bin?: { homebridge?: string };
    };
    const path = bin?.homebridge && join(folder, bin.homebridge);
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Codes the Home app refuses (HAP specification, "Setup Code"). */
const REFUSED_PINS = new Set([
  ...Array.from({ length: 10 }, (_, digit) => String(digit).repeat(8)),
  '12345678',
  '87654321',
]);

function newIdentity(): DemoBridgeIdentity {
  let digits: string;
  do digits = Array.from({ length: 8 }, () => randomInt(10)).join('');
  while (REFUSED_PINS.has(digits));
  const octets = Array.from({ length: 5 }, () => randomInt(256).toString(16).padStart(2, '0').toUpperCase());
  return {
    // 0E: a locally administered address, as Homebridge's own examples use.
    username: ['0E', ...octets].join(':'),
    pin: `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`,
  };
}

/** The bridge's identity of an earlier run (so a Home app that paired keeps its pairing), or a new one. */
function identity(configFile: string): DemoBridgeIdentity {
  try {
    const { bridge } = JSON.parse(readFileSync(configFile, 'utf8')) as {
      bridge?: Partial<DemoBridgeIdentity>;
    };
    if (bridge?.username && bridge.pin) return { username: bridge.username, pin: bridge.pin };
  } catch {
    // No earlier run, or a file that is not ours any more: a new bridge.
  }
  return newIdentity();
}

/** A plugin folder with a link to this package, so that Homebridge loads the plugin from the checkout. */
function pluginFolder(storage: string): string {
  const plugins = join(storage, 'plugins');
  mkdirSync(plugins, { recursive: true });
  const link = join(plugins, 'homebridge-tedee-hub');
  if (!existsSync(link)) symlinkSync(PACKAGE_ROOT, link);
  return plugins;
}

export async function startDemoHomebridge(options: {
  bin: string;
  children: ChildProcesses;
  folder: DemoFolder;
  port: number;
  /** The TedeeHub platform block: key and API URL of the emulator. */
  platform: Record<string, unknown>;
}): Promise<RunningHomebridge> {
  const storage = options.folder.homebridge;
  const configFile = join(storage, 'config.json');
  const bridgeIdentity = identity(configFile);
  const bridge = { name: 'Tedee Demo', ...bridgeIdentity, port: options.port };
  writeFileSync(configFile, JSON.stringify({ bridge, platforms: [options.platform] }, null, 2), {
    mode: 0o600,
  });
  const child = options.children.start({
    name: 'Homebridge',
    command: process.execPath,
    // -I: insecure mode, so that the demo (and its test) can read /accessories without pairing; it opens only
    // the emulator's doors. -Q: the demo prints the QR code itself, next to its table.
    args: [options.bin, '-I', '-Q', '-U', storage, '-P', pluginFolder(storage), '--strict-plugin-resolution'],
    env: { ...process.env, FORCE_COLOR: '0', TMPDIR: options.folder.tmp },
    logFile: options.folder.log('homebridge'),
  });
  const [, setupUri] = await child.waitForLine(/^(X-HM:\/\/\S+)/, READY_WITHIN_MS);
  await child.waitForLine(/is running on port \d+/, READY_WITHIN_MS);
  return { child, port: options.port, pin: bridgeIdentity.pin, setupUri: setupUri! };
}
