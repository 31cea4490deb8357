/** The flows the demo deploys to Node-RED: its own tab and every example, on one account node. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, NODE_RED_TOPICS, demoFlow, demoFlows } from '../../../src/runtime/demoFlows.js';

const input = { emulatorUrl: 'http://127.0.0.1:47800', emulatorKey: 'Abc123.secret', mqttPort: 47801 };
const examples = readdirSync('examples')
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(`examples/${file}`, 'utf8')) as { id: string; type: string }[]);

describe('demoFlows', () => {
  it('deploys one account node, on the emulator, with the key as its credential', () => {
    const flows = demoFlows(input, examples);
    const accounts = flows.filter((node) => node.type === 'tedee-account');
    expect(accounts).toEqual([
      expect.objectContaining({
        id: ACCOUNT,
        apiUrl: input.emulatorUrl,
        credentials: { personalAccessKey: input.emulatorKey },
      }),
    ]);
    // Every node that names an account names that one.
    const named = flows.filter((node) => 'account' in node).map((node) => node.account);
    expect(new Set(named)).toEqual(new Set([ACCOUNT]));
  });

  it('keeps every node of every example once, with unique ids', () => {
    const flows = demoFlows(input, examples);
    const ids = flows.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const node of examples.flat()) expect(ids).toContain(node.id);
    expect(flows.filter((node) => node.type === 'tab')).toHaveLength(examples.length + 1);
  });

  it("wires the lock and events nodes' outputs to the broker topics the demo watches", () => {
    const flow = demoFlow(input);
    const topics = flow.filter((node) => node.type === 'mqtt out').map((node) => node.topic);
    expect(topics.sort()).toEqual(Object.values(NODE_RED_TOPICS).sort());
    const broker = flow.find((node) => node.type === 'mqtt-broker');
    expect(broker).toMatchObject({ broker: '127.0.0.1', port: '47801' });
  });
});
