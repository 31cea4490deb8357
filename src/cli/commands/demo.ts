/**
 * tedee-hub demo: everything the package does, on embedded defaults (`npm start`). The emulator with a small
 * house, the hub with the MQTT mirror on an embedded broker and the key service, Homebridge as a child process
 * with this checkout as its plugin; one table once every part answers; until Ctrl-C, or with --scenario a
 * scripted day that every front end shows (--once: then a summary, and exit). docs/demo.md.
 */
import type { Key } from '../../core/keys/model.js';
import { openDemoFolder, writeCloudConfig } from '../../runtime/demoFolder.js';
import { homebridgeBin } from '../../runtime/demoHomebridge.js';
import { nodeRedBin } from '../../runtime/demoNodeRed.js';
import type { DemoPart } from '../../runtime/demoPorts.js';
import {
  DEFAULT_PORT_BASE,
  MAX_PORT_BASE,
  PortTakenError,
  checkPorts,
  demoPorts,
} from '../../runtime/demoPorts.js';
import { qrLines } from '../../runtime/demoQr.js';
import { errorMessage } from '../../util/errors.js';
import { numericOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { GarageRadio, HOUSE } from './demoHouse.js';
import { scenarioStart } from './demoDay.js';
import { frontEndsOf, runScenario, scenarioSummary } from './demoScenario.js';
import type { RunningDemo } from './demoSession.js';
import { DemoStopped, startDemo } from './demoSession.js';
import { demoTable } from './demoTable.js';

const OPTIONS = {
  once: { type: 'boolean' },
  scenario: { type: 'boolean' },
  speed: { type: 'string' },
  'port-base': { type: 'string' },
  folder: { type: 'string' },
  'no-homebridge': { type: 'boolean' },
  'no-node-red': { type: 'boolean' },
} as const;

/** The guest of the table's "try" lines: a doorcode for the Front Door, issued through the key service. */
async function issueGuestCode(demo: RunningDemo): Promise<string | undefined> {
  const keys = await demo.services.keys;
  const request = {
    name: 'Demo guest',
    persons: [{ name: 'Gina Guest', credentials: { doorcode: true } }],
    doors: [HOUSE.frontDoor.id],
  };
  const key = (await keys!.api.issue(request, { issuer: 'demo', role: 'owner' }, { reveal: true })) as Key;
  return key.persons[0]?.doorcode;
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS, { min: 0, max: 0, names: '' });
  const speed = numericOption(values.speed, 'speed', { min: 1, max: 100, fallback: 1, fractions: true });
  const base = numericOption(values['port-base'], 'port-base', {
    min: 1024,
    max: MAX_PORT_BASE,
    fallback: DEFAULT_PORT_BASE,
  });
  const scenario = values.scenario === true || values.once === true;
  const bin = values['no-homebridge'] ? undefined : homebridgeBin();
  const skipped: string[] = [];
  if (!values['no-homebridge'] && !bin)
    skipped.push('Homebridge (not installed: run npm ci in the checkout)');
  const redBin = values['no-node-red'] ? undefined : nodeRedBin();
  if (!values['no-node-red'] && !redBin) skipped.push('Node-RED (not installed: run npm ci in the checkout)');
  const ports = demoPorts(base);
  const parts: DemoPart[] = [
    'emulator',
    'mqtt',
    'api',
    ...(bin ? (['homebridge'] as const) : []),
    ...(redBin ? (['nodeRed'] as const) : []),
  ];
  try {
    await checkPorts(ports, parts, base);
  } catch (error) {
    if (!(error instanceof PortTakenError)) throw error;
    io.err(`tedee-hub demo: ${error.code}: ${error.message}`);
    return 1;
  }
  const folder = openDemoFolder(values.folder);
  // Listening for Ctrl-C from the start: a stop while Homebridge starts still stops everything in order.
  const stopRequest = io.untilStopped();
  io.out(`Tedee Hub demo: starting (everything it writes goes to ${folder.root}) ...`);
  let demo: RunningDemo;
  try {
    // The scenario's day starts at 07:55 on the Saturday before the clocks change (demoDay.ts).
    const startAt = scenario ? scenarioStart(Date.now()) : undefined;
    demo = await startDemo(
      { ports, folder, speed, startAt, homebridgeBin: bin, nodeRedBin: redBin },
      lineLogger(io.err, 'text', 'warn'),
      stopRequest,
    );
  } catch (error) {
    if (error instanceof DemoStopped) return 0;
    io.err(`tedee-hub demo: ${errorMessage(error)}`);
    return 1;
  }
  const garage = new GarageRadio(demo.control, demo.emulator.clock);
  try {
    const guestCode = await issueGuestCode(demo);
    const homebridge = demo.homebridge && {
      port: demo.homebridge.port,
      pin: demo.homebridge.pin,
      qr: qrLines(bin!, demo.homebridge.setupUri),
    };
    demoTable({
      folder,
      emulatorUrl: demo.emulator.url,
      cloudConfig: writeCloudConfig(folder, demo.emulator),
      mqttUrl: demo.mqttUrl,
      apiUrl: demo.apiUrl,
      ownerKey: demo.ownerKey,
      homebridge,
      nodeRed: demo.nodeRed && { url: demo.nodeRed.url, version: demo.nodeRed.version },
      guestCode,
      skipped,
    }).forEach((line) => io.out(line));
    if (scenario) {
      const results = await runScenario(demo, stopRequest, io.out);
      const summary = scenarioSummary(results, frontEndsOf(demo));
      summary.forEach((line) => io.out(line));
      if (values.once) return summary.some((line) => line.includes('missed:')) ? 1 : 0;
      io.out('');
      io.out('The scenario is over; the demo keeps running. Press Ctrl-C to stop.');
    } else garage.start();
    await stopRequest;
    return 0;
  } finally {
    garage.stop();
    io.out('Stopping the demo ...');
    await demo.stop();
  }
}
