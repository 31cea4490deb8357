/**
 * `tedee-hub demo` (npm start) end to end: the built CLI as a child process on free ports, each part answering,
 * the guest's doorcode opening the Front Door at the emulated keypad, the unlock seen in HAP and on MQTT, and
 * Ctrl-C leaving no process behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { EmulatorControl } from '../../src/emulator/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { descendants, freePortRange, spawnDemo, survivors } from '../helpers/demo.js';
import { HAP_TYPE, HapClient } from '../helpers/hapClient.js';
import { Observer } from '../helpers/mqtt.js';
import { waitFor } from '../helpers/wait.js';

const folders: string[] = [];
function demoFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tedee-demo-'));
  folders.push(folder);
  return folder;
}
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** HAP's LockCurrentState: 0 unsecured, 1 secured. */
async function hapLockState(hap: HapClient, serial: string): Promise<unknown> {
  const at = await hap.find(serial, HAP_TYPE.LockMechanism, HAP_TYPE.LockCurrentState);
  return at ? (await hap.read(at)).value : undefined;
}

const FRONT_DOOR_SERIAL = '20420103-000001';

describe('tedee-hub demo', () => {
  it('starts every part, issues a key through the API, opens the Front Door with its code, shows it in HAP, on MQTT and in Node-RED, and stops clean', async () => {
    const base = await freePortRange(5);
    const folder = demoFolder();
    // Nothing may be written outside the demo folder: a home and a temp folder of its own stay empty.
    const [home, temp] = [demoFolder(), demoFolder()];
    const demo = spawnDemo(['--port-base', String(base), '--folder', folder], { HOME: home, TMPDIR: temp });
    try {
      await demo.waitForOut(/Press Ctrl-C to stop/);
      const text = demo.out.join('\n');
      expect(text).toContain(`Everything the demo writes is in ${folder}`);
      expect(text).toMatch(
        new RegExp(
          `Homebridge\\s+HAP port ${base + 2}\\s+pair "Tedee Demo".*setup code \\d{3}-\\d{2}-\\d{3}`,
        ),
      );
      // The QR code, drawn in half blocks.
      expect(demo.out.filter((line) => /^[█▀▄ ]{20,}$/.test(line)).length).toBeGreaterThan(10);

      const emulator = `http://127.0.0.1:${base}`;
      expect((await fetch(`${emulator}/_emulator`)).ok).toBe(true);
      const hap = new HapClient(base + 2);
      const lockAccessories = (await hap.accessories()).filter((accessory) =>
        accessory.services.some((service) =>
          service.type.replace(/^0+/, '').startsWith(HAP_TYPE.LockMechanism),
        ),
      );
      expect(lockAccessories).toHaveLength(4);
      expect(await hapLockState(hap, FRONT_DOOR_SERIAL)).toBe(1);
      // Node-RED's admin API has the demo flow with this package's nodes, deployed.
      const flows = (await (await fetch(`http://127.0.0.1:${base + 3}/flows`)).json()) as {
        type: string;
        label?: string;
      }[];
      expect(flows.map((node) => node.type)).toEqual(
        expect.arrayContaining(['tab', 'tedee-account', 'tedee-lock', 'tedee-events', 'mqtt out']),
      );
      // With the package's example flows, on the one account node.
      expect(flows.filter((node) => node.type === 'tab').map((node) => node.label)).toEqual(
        expect.arrayContaining(['Tedee demo', 'Guest stay', 'Cleaning staff', 'Night lock', 'Door activity']),
      );
      expect(flows.filter((node) => node.type === 'tedee-account')).toHaveLength(1);
      const mqtt = await Observer.connect(`mqtt://127.0.0.1:${base + 1}`, ['tedee/#', 'node-red/#']);
      try {
        await mqtt.waitFor(
          'tedee/front_door',
          (message) => message.retain && message.text.includes('"LOCKED"'),
        );
        const groups = descendants(demo.child.pid!);
        expect(groups.length).toBeGreaterThan(0);

        // A key through the HTTP API with the owner key the demo printed, as the Keys page does.
        const [, ownerKey] = await demo.waitForOut(/Demo owner key .*: (tdk_\w+)/);
        const api = `http://127.0.0.1:${base + 4}/api/v1`;
        expect((await fetch(`${api}/health`)).ok).toBe(true);
        const issued = await fetch(`${api}/keys?reveal=true`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Stay of Ann',
            persons: [{ name: 'Ann', credentials: { doorcode: true } }],
            doors: [101],
          }),
        });
        expect(issued.status).toBe(201);
        const code = ((await issued.json()) as { persons: { doorcode: string }[] }).persons[0]!.doorcode;
        expect(code).toMatch(/^\d{5,8}$/);
        const answer = await new EmulatorControl(emulator).keypad(101, code);
        expect(answer.opened).toBe(true);
        await mqtt.waitFor('tedee/front_door', (message) => message.text.includes('"UNLOCKED"'), 20_000);
        // Node-RED's lock node and events node, as its flow publishes them.
        await mqtt.waitFor(
          'node-red/lock/state',
          (message) => /"state":"unlocked".*"name":"Front Door"/.test(message.text),
          25_000,
        );
        await mqtt.waitFor('node-red/activity', (message) => /"method":"keypad"/.test(message.text), 25_000);
        // Homebridge's hub polls every 10 s in real time.
        await waitFor(
          async () => (await hapLockState(hap, FRONT_DOOR_SERIAL)) === 0,
          25_000,
          'HAP unsecured',
        );

        const stopping = Date.now();
        demo.child.kill('SIGINT');
        expect(await demo.exited).toBe(0);
        expect(Date.now() - stopping).toBeLessThan(5000);
        expect(
          survivors(
            groups.map((process) => process.pid),
            groups.map((process) => process.pgrp),
          ),
        ).toEqual([]);
        expect([...readdirSync(home), ...readdirSync(temp)]).toEqual([]);
      } finally {
        await mqtt.close();
      }
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 120_000);

  it('names the part, the port and the flag when a port is taken, and starts nothing', async () => {
    const base = await freePortRange(5);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(base + 1, '127.0.0.1', resolve));
    try {
      const demo = spawnDemo(['--port-base', String(base), '--folder', demoFolder(), '--no-homebridge']);
      expect(await demo.exited).toBe(1);
      expect(demo.err.join('\n')).toContain(
        `PORT_TAKEN: port ${base + 1} for the embedded MQTT broker is already in use`,
      );
      expect(demo.err.join('\n')).toContain('--port-base N');
    } finally {
      holder.close();
    }
  }, 30_000);

  it('--once runs the scripted weekend and says what MQTT and the API event stream showed for each scene', async () => {
    const base = await freePortRange(5);
    const { io, out, err } = fakeIo();
    const args = [
      'demo',
      '--once',
      '--no-homebridge',
      '--no-node-red',
      '--speed',
      '10',
      '--port-base',
      String(base),
    ];
    expect(await runCli([...args, '--folder', demoFolder()], io)).toBe(0);
    const text = out.join('\n');
    // The Saturday before the clocks change in Europe/Warsaw, and the Sunday after.
    expect(text).toMatch(
      /\d{4}-(03|10)-\d\d 10:30 {2}The cleaner types her code.*\n.*the door opens\n.*MQTT: tedee\/front_door state UNLOCKED/,
    );
    expect(text).toMatch(
      /13:00 {2}She comes back after her window\n.*the door stays locked \(OUTSIDE_HOURS\)/,
    );
    expect(text).toMatch(/15:00 {2}A guest arrives.*\n.*code \d+: the door opens/);
    expect(text).toContain('MQTT: tedee/back_door state JAMMED');
    expect(text).toContain('MQTT: tedee/garage/availability offline');
    expect(text).toContain('MQTT: tedee/study battery 8');
    expect(text).toMatch(
      /Sunday, after the clocks changed overnight.*\n.*the door opens\n.*MQTT: tedee\/front_door state UNLOCKED/,
    );
    expect(text).toContain('MQTT: 9 of 9 scenes');
    expect(text).toContain('HTTP API events: keyChanged issued');
    expect(text).toContain('HTTP API events: stateChanged Back Door jammed true');
    expect(text).toContain('HTTP API events: availabilityChanged Garage offline');
    expect(text).toContain('HTTP API events: 10 of 10 scenes');
    expect(err.filter((line) => / ERROR /.test(line))).toEqual([]);
  }, 120_000);

  it('leaves no child behind when it is killed outright, and starts again in the same folder on the same ports', async () => {
    const base = await freePortRange(5);
    const folder = demoFolder();
    const first = spawnDemo(['--port-base', String(base), '--folder', folder]);
    await first.waitForOut(/Press Ctrl-C to stop/);
    const children = descendants(first.child.pid!);
    expect(children.map((process) => process.command).join('\n')).toMatch(/demoGuard/);
    first.child.kill('SIGKILL');
    await first.exited;
    // Each guard sees the demo's IPC channel close and ends its group (SIGTERM, SIGKILL after 3 s).
    await waitFor(
      () =>
        survivors(
          children.map((process) => process.pid),
          children.map((process) => process.pgrp),
        ).length === 0,
      10_000,
      'the children of a killed demo to end',
    );
    const second = spawnDemo(['--port-base', String(base), '--folder', folder]);
    try {
      await second.waitForOut(/Press Ctrl-C to stop/);
      // The same bridge: its setup code is kept in the folder, so a paired Home app stays paired.
      const code = (output: string[]) => /setup code (\d{3}-\d{2}-\d{3})/.exec(output.join('\n'))?.[1];
      expect(code(second.out)).toBe(code(first.out));
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 90_000);

  it('stops everything when Ctrl-C comes while the children are still starting', async () => {
    const base = await freePortRange(5);
    const demo = spawnDemo(['--port-base', String(base), '--folder', demoFolder()]);
    try {
      await demo.waitForOut(/starting/);
      // Homebridge or Node-RED is on its way: wait until a guard runs, then stop.
      const started = await waitFor(
        () => descendants(demo.child.pid!).some((process) => /demoGuard/.test(process.command)),
        30_000,
        'a child to start',
      );
      const children = descendants(demo.child.pid!);
      expect(started).toBe(true);
      const stopping = Date.now();
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(5000);
      expect(demo.out.join('\n')).not.toContain('Press Ctrl-C to stop');
      expect(
        survivors(
          children.map((process) => process.pid),
          children.map((process) => process.pgrp),
        ),
      ).toEqual([]);
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 60_000);
});
