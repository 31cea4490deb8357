/**
 * The one short table the demo prints once every part answers: where each part listens, and what to try
 * there, with commands to paste into another terminal.
 */
import { join } from 'node:path';
import type { DemoFolder } from '../../runtime/demoFolder.js';
import { PACKAGE_ROOT } from '../../runtime/demoFolder.js';
import { table } from '../table.js';
import { HOUSE } from './demoHouse.js';

export interface DemoTableInput {
  folder: DemoFolder;
  emulatorUrl: string;
  /** The hub configuration file (0600) with the emulator's key, for `tedee-hub watch --config`. */
  cloudConfig: string;
  mqttUrl: string;
  apiUrl: string;
  ownerKey: string;
  homebridge?: { port: number; pin: string; qr: string[] };
  nodeRed?: { url: string; version: string };
  /** The guest's doorcode the demo issued for the Front Door. */
  guestCode?: string;
  skipped: string[];
}

/**
 * `node <script>` for a script of this checkout, by its absolute path: the table says "in another terminal", which
 * opens anywhere, and `npx tedee-hub` or `npx mqtt` outside the clone would look for them on the registry.
 */
function nodeCommand(...inPackage: string[]): string {
  return `node ${join(PACKAGE_ROOT, ...inPackage)}`;
}

const tedeeHubCommand = () => nodeCommand('dist', 'cli', 'main.js');
const mqttCommand = () => nodeCommand('node_modules', 'mqtt', 'build', 'bin', 'mqtt.js');

function keypadCommand(emulatorUrl: string, code: string): string {
  const body = JSON.stringify({ action: 'keypad', pin: code });
  return `curl -s -X POST ${emulatorUrl}/_emulator/locks/${HOUSE.frontDoor.id}/physical -H 'content-type: application/json' -d '${body}'`;
}

export function demoTable(input: DemoTableInput): string[] {
  const { homebridge } = input;
  const mqttPort = new URL(input.mqttUrl).port;
  const rows = [
    ['part', 'listens on', 'what to try'],
    [
      'emulator',
      input.emulatorUrl,
      `${HOUSE.frontDoor.name} (keypad, door sensor), ${HOUSE.backDoor.name} (keypad), ${HOUSE.garage.name} (drops offline), ${HOUSE.study.name} (no pull spring)`,
    ],
    ['MQTT', input.mqttUrl, 'retained state at tedee/<lock>, commands at tedee/<lock>/set'],
  ];
  rows.push([
    'Keys page',
    `${input.apiUrl}/`,
    'sign in with the owner key below, issue a doorcode for the Front Door',
  ]);
  rows.push(['HTTP API', `${input.apiUrl}/api/v1`, 'the same with Authorization: Bearer <owner key>']);
  if (homebridge)
    rows.push([
      'Homebridge',
      `HAP port ${homebridge.port}`,
      `pair "Tedee Demo" in the Home app: setup code ${homebridge.pin} or the QR code below`,
    ]);
  if (input.nodeRed)
    rows.push([
      `Node-RED ${input.nodeRed.version}`,
      `${input.nodeRed.url}/`,
      'the "Tedee demo" flow: press the inject buttons; outputs in the debug sidebar and on node-red/# over MQTT',
    ]);
  rows.push(...input.skipped.map((part) => [part, '-', 'not started']));
  const lines = [
    '',
    ...table(rows),
    '',
    `Demo owner key (shown once; a new one each run): ${input.ownerKey}`,
    '',
    'Try, in another terminal:',
    `  # a doorcode from the Keys page (or the API) at the ${HOUSE.frontDoor.name} keypad:`,
    `  ${keypadCommand(input.emulatorUrl, '<code>')}`,
  ];
  if (input.guestCode)
    lines.push(
      `  # the guest's doorcode ${input.guestCode} at the ${HOUSE.frontDoor.name} keypad (every front end shows the unlock):`,
      `  ${keypadCommand(input.emulatorUrl, input.guestCode)}`,
    );
  lines.push(
    `  # lock the ${HOUSE.frontDoor.name} over MQTT, and watch every message:`,
    `  ${mqttCommand()} pub -h 127.0.0.1 -p ${mqttPort} -t tedee/front_door/set -m LOCK`,
    `  ${mqttCommand()} sub -h 127.0.0.1 -p ${mqttPort} -t 'tedee/#' -v`,
    `  # every hub event, one line each:`,
    `  ${tedeeHubCommand()} watch --config ${input.cloudConfig}`,
  );
  if (homebridge?.qr.length)
    lines.push('', `Scan with the Home app (on the same network) to add the demo bridge:`, ...homebridge.qr);
  lines.push(
    '',
    `Everything the demo writes is in ${input.folder.root} (logs: *.log). Press Ctrl-C to stop.`,
  );
  return lines;
}
