/**
 * The flow the demo deploys to Node-RED: this package's nodes on the emulator's account, their outputs in the
 * debug sidebar and, so that the demo (and a user with `npx mqtt sub`) sees what Node-RED does, published on the
 * demo's broker under `node-red/`.
 */

export interface DemoFlowInput {
  emulatorUrl: string;
  emulatorKey: string;
  mqttPort: number;
}

/** Topics under which the flow publishes its nodes' outputs on the demo broker. */
export const NODE_RED_TOPICS = {
  state: 'node-red/lock/state',
  result: 'node-red/lock/result',
  activity: 'node-red/activity',
} as const;

const TAB = 'tedee-demo-tab';
/** The account node's id in every example of examples/ (docs/node-red.md, "Examples"): one account, one hub. */
export const ACCOUNT = 'tedee-example-account';
const BROKER = 'tedee-demo-broker';

function node(
  id: string,
  type: string,
  x: number,
  y: number,
  fields: Record<string, unknown>,
  wires: string[][] = [],
) {
  return { id, type, z: TAB, x, y, wires, ...fields };
}

function mqttOut(id: string, topic: string, x: number, y: number) {
  return node(id, 'mqtt out', x, y, { name: topic, topic, qos: '0', retain: 'false', broker: BROKER });
}

function debug(id: string, name: string, x: number, y: number) {
  return node(id, 'debug', x, y, {
    name,
    active: true,
    tosidebar: true,
    complete: 'true',
    targetType: 'full',
  });
}

/** An inject that sends `action` to the lock node for the Front Door. */
function inject(id: string, action: string, y: number) {
  const props = [
    { p: 'payload', v: action, vt: 'str' },
    { p: 'lock', v: 'Front Door', vt: 'str' },
  ];
  return node(
    id,
    'inject',
    150,
    y,
    { name: `${action} Front Door`, props, payload: action, payloadType: 'str' },
    [['demo-lock']],
  );
}

type FlowNode = Record<string, unknown> & { id: string; type: string };

/**
 * The demo's own tab and the package's example flows (examples/*.json), sharing one account node pointed at the
 * emulator. Every example carries the same account node; it is deployed once, with the emulator's URL and key.
 */
export function demoFlows(input: DemoFlowInput, examples: FlowNode[][]): FlowNode[] {
  const own = demoFlow(input);
  const ids = new Set(own.map((node) => node.id));
  const added: FlowNode[] = [];
  for (const node of examples.flat()) {
    if (ids.has(node.id)) continue;
    ids.add(node.id);
    added.push(node);
  }
  return [...own, ...added];
}

export function demoFlow(input: DemoFlowInput): FlowNode[] {
  return [
    { id: TAB, type: 'tab', label: 'Tedee demo', info: 'Deployed by tedee-hub demo (docs/demo.md).' },
    {
      id: ACCOUNT,
      type: 'tedee-account',
      name: 'Tedee account (the demo emulator)',
      apiUrl: input.emulatorUrl,
      pollInterval: 10,
      dataDir: '',
      role: 'owner',
      credentials: { personalAccessKey: input.emulatorKey },
    },
    {
      id: BROKER,
      type: 'mqtt-broker',
      name: 'Demo broker',
      broker: '127.0.0.1',
      port: String(input.mqttPort),
      clientid: 'tedee-demo-node-red',
      protocolVersion: '4',
      keepalive: '60',
      cleansession: true,
    },
    inject('demo-inject-lock', 'lock', 80),
    inject('demo-inject-unlock', 'unlock', 130),
    node(
      'demo-lock',
      'tedee-lock',
      380,
      100,
      // No lock picked: output 1 has every lock's changes, and the injects name the lock in msg.lock.
      { name: 'every lock', account: ACCOUNT, lock: '', emitEveryPoll: false },
      [
        ['demo-state-debug', 'demo-state-out'],
        ['demo-result-debug', 'demo-result-out'],
      ],
    ),
    debug('demo-state-debug', 'state', 640, 60),
    mqttOut('demo-state-out', NODE_RED_TOPICS.state, 680, 100),
    debug('demo-result-debug', 'command result', 660, 160),
    mqttOut('demo-result-out', NODE_RED_TOPICS.result, 680, 200),
    node(
      'demo-events',
      'tedee-events',
      160,
      300,
      { name: 'every lock', account: ACCOUNT, locks: [], interval: '' },
      [['demo-events-debug', 'demo-events-out']],
    ),
    debug('demo-events-debug', 'activity', 640, 280),
    mqttOut('demo-events-out', NODE_RED_TOPICS.activity, 670, 320),
  ];
}
