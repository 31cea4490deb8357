/**
 * Starts the parts of the demo in order, each on its port of the layout, and waits until each one answers:
 * the emulator with the house, the hub with the MQTT mirror on the embedded broker and the key service (in
 * this process), Homebridge (a child process). `stop()` ends everything, children first.
 */
import { validateConfig } from '../../config/index.js';
import type { HubConfig } from '../../config/index.js';
import type { Emulator } from '../../emulator/index.js';
import { EmulatorControl, startEmulator } from '../../emulator/index.js';
import { ChildProcesses } from '../../runtime/demoChildren.js';
import type { DemoFolder } from '../../runtime/demoFolder.js';
import type { RunningHomebridge } from '../../runtime/demoHomebridge.js';
import { startDemoHomebridge } from '../../runtime/demoHomebridge.js';
import type { RunningNodeRed } from '../../runtime/demoNodeRed.js';
import { startDemoNodeRed } from '../../runtime/demoNodeRed.js';
import type { DemoPorts } from '../../runtime/demoPorts.js';
import { apiWitness, hapWitness, mqttWitness, readHap, until } from '../../runtime/demoWitness.js';
import type { Services } from '../../runtime/services.js';
import { startServices } from '../../runtime/services.js';
import { scaledClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { HOUSE_LOCKS, buildHouse } from './demoHouse.js';

/**
 * Three hubs poll the one emulated account: the demo's own (MQTT, keys, API), Homebridge's and Node-RED's, each
 * within Tedee's 700 requests per hour; the emulator allows each its share (docs/demo.md, "Request budget").
 */
const DEMO_REQUESTS_PER_HOUR = 3 * 700;

/** Longest wait for a part to answer once started, on a loaded 2-core machine. */
const ANSWER_WITHIN_MS = 60_000;

export interface DemoPlan {
  ports: DemoPorts;
  folder: DemoFolder;
  speed: number;
  /** Where the emulated clock starts (epoch ms): the scenario's morning; by default the real time. */
  startAt?: number;
  /** Homebridge's command, or undefined for a run without Homebridge. */
  homebridgeBin?: string;
  /** Node-RED's command, or undefined for a run without Node-RED. */
  nodeRedBin?: string;
}

export interface RunningDemo {
  emulator: Emulator;
  control: EmulatorControl;
  services: Services;
  mqttUrl: string;
  /** The HTTP API's base URL (the Keys page is its root). */
  apiUrl: string;
  /** The demo owner's access key: shown once, in the table. */
  ownerKey: string;
  homebridge?: RunningHomebridge;
  nodeRed?: RunningNodeRed;
  witnesses: {
    mqtt: Awaited<ReturnType<typeof mqttWitness>>;
    hap?: ReturnType<typeof hapWitness>;
    api: Awaited<ReturnType<typeof apiWitness>>;
  };
  children: ChildProcesses;
  stop(): Promise<void>;
}

/** The hub of the demo: the emulator's key, fast polls, the embedded broker with every command allowed. */
function hubConfig(emulator: Emulator, plan: DemoPlan): HubConfig {
  const result = validateConfig({
    personalAccessKey: emulator.key,
    apiUrl: emulator.url,
    pollInterval: 10,
    dataDir: plan.folder.hub,
    // Homebridge and Node-RED run hubs of their own on the same account (DEMO_REQUESTS_PER_HOUR).
    mqtt: {
      embedded: { port: plan.ports.mqtt },
      commands: { enabled: true, actions: ['lock', 'unlock', 'open'] },
    },
    api: { port: plan.ports.api, host: '127.0.0.1' },
  });
  if (!result.ok) throw new Error(`the demo configuration is not valid: ${result.errors.join('; ')}`);
  return result.config;
}

/** The TedeeHub platform block of the demo bridge: the emulator's locks, the Front Door's latch as a tile. */
function platformBlock(emulator: Emulator): Record<string, unknown> {
  return {
    platform: 'TedeeHub',
    name: 'Tedee',
    personalAccessKey: emulator.key,
    apiUrl: emulator.url,
    pollInterval: 10,
    locks: [{ name: 'Front Door', unlatch: 'latch' }],
  };
}

/**
 * Runs `start` and gives up when the user stops the demo meanwhile (Ctrl-C while Homebridge starts): the
 * caller's finally block then stops what did start.
 */
export async function unlessStopped<T>(stopRequest: Promise<string>, start: Promise<T>): Promise<T> {
  const stopped = stopRequest.then((signal) => {
    throw new DemoStopped(signal);
  });
  return Promise.race([start, stopped]);
}

export class DemoStopped extends Error {
  readonly code = 'DEMO_STOPPED';
  constructor(readonly signal: string) {
    super(`stopped by ${signal} while starting`);
  }
}

export async function startDemo(
  plan: DemoPlan,
  logger: Logger,
  stopRequest: Promise<string>,
): Promise<RunningDemo> {
  const cleanups: (() => Promise<void>)[] = [];
  const children = new ChildProcesses();
  cleanups.push(() => children.stopAll());
  const stop = async () => {
    // Children first: their stop takes the longest, and the in-process parts stop meanwhile.
    const [first, ...rest] = cleanups;
    await Promise.all([
      first!(),
      (async () => {
        for (const cleanup of rest.reverse()) await cleanup();
      })(),
    ]);
  };
  try {
    const clock = scaledClock(plan.speed);
    // Before anything reads the clock or arms a timer, so the move costs nothing.
    if (plan.startAt !== undefined && plan.startAt > clock.now()) clock.advance(plan.startAt - clock.now());
    const emulator = await startEmulator({
      port: plan.ports.emulator,
      locks: HOUSE_LOCKS,
      seed: 1,
      speed: plan.speed,
      clock,
      requestsPerHour: DEMO_REQUESTS_PER_HOUR,
    });
    cleanups.push(() => emulator.close());
    const control = new EmulatorControl(emulator.url);
    await buildHouse(control);
    const services = await startServices(hubConfig(emulator, plan), { logger, clock: emulator.clock });
    cleanups.push(() => services.stop());
    const mqttUrl = services.mqtt!.broker!.url;
    const homebridge = plan.homebridgeBin
      ? await unlessStopped(
          stopRequest,
          startDemoHomebridge({
            bin: plan.homebridgeBin,
            children,
            folder: plan.folder,
            port: plan.ports.homebridge,
            platform: platformBlock(emulator),
          }),
        )
      : undefined;
    const nodeRed = plan.nodeRedBin
      ? await unlessStopped(
          stopRequest,
          startDemoNodeRed({
            bin: plan.nodeRedBin,
            children,
            folder: plan.folder,
            port: plan.ports.nodeRed,
            flow: { emulatorUrl: emulator.url, emulatorKey: emulator.key, mqttPort: plan.ports.mqtt },
          }),
        )
      : undefined;
    const mqtt = await mqttWitness(mqttUrl);
    cleanups.push(() => mqtt.stop());
    const hap = homebridge ? hapWitness(homebridge.port) : undefined;
    if (hap) cleanups.push(() => hap.stop());
    const api = await services.api;
    if (!api) throw new Error('the HTTP API did not start (see the lines above)');
    const ownerKey = await demoOwnerKey(services);
    const events = await apiWitness(api.url, ownerKey);
    cleanups.push(() => events.stop());
    await unlessStopped(
      stopRequest,
      everyPartAnswers({ emulator, services, mqtt, homebridge, apiUrl: api.url }),
    );
    return {
      emulator,
      control,
      services,
      mqttUrl,
      apiUrl: api.url,
      ownerKey,
      homebridge,
      nodeRed,
      witnesses: { mqtt, hap, api: events },
      children,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * An owner application with one access key for the Keys page and the API. The hub's data folder starts empty on
 * every run (demoFolder.ts), so each run makes a new key, shown once.
 */
async function demoOwnerKey(services: Services): Promise<string> {
  const apps = await services.apps;
  if (!apps) throw new Error('the applications of the HTTP API are not available (see the lines above)');
  apps.addApplication({ name: 'Demo owner', group: 'owner', description: 'made by tedee-hub demo' });
  return apps.addAccessKey('Demo owner', { name: 'demo' }).key;
}

/** The emulator's control API, every lock's retained state on MQTT, the key service, every lock in HAP, the API. */
async function everyPartAnswers(parts: {
  apiUrl: string;
  emulator: Emulator;
  services: Services;
  mqtt: Awaited<ReturnType<typeof mqttWitness>>;
  homebridge?: RunningHomebridge;
  nodeRed?: RunningNodeRed;
}): Promise<void> {
  const { emulator, services, mqtt, homebridge, nodeRed, apiUrl } = parts;
  await until(async () => (await fetch(`${apiUrl}/api/v1/health`)).ok, 'the HTTP API', ANSWER_WITHIN_MS);
  await until(async () => (await fetch(`${emulator.url}/_emulator`)).ok, 'the emulator', ANSWER_WITHIN_MS);
  await services.hub.ready();
  await until(
    () => {
      const locks = [...mqtt.retained.keys()].filter(
        (topic) => /^tedee\/[^/]+$/.test(topic) && topic !== 'tedee/bridge',
      );
      return mqtt.retained.get('tedee/bridge/state')?.includes('online') && locks.length >= HOUSE_LOCKS;
    },
    'the MQTT mirror',
    ANSWER_WITHIN_MS,
  );
  const keys = await services.keys;
  if (!keys) throw new Error(`the key service did not start (see the lines above)`);
  if (nodeRed)
    await until(
      async () => {
        const flows = (await (await fetch(`${nodeRed.url}/flows`)).json()) as { id: string }[];
        // The lock node publishes each lock's state once its account's hub has read the locks.
        return flows.some((node) => node.id === 'tedee-demo-tab') && mqtt.nodeRed.length > 0;
      },
      "Node-RED's flow",
      ANSWER_WITHIN_MS,
    );
  if (homebridge)
    await until(
      async () => (await readHap(homebridge.port)).size >= HOUSE_LOCKS,
      "Homebridge's accessories",
      ANSWER_WITHIN_MS,
    );
}
