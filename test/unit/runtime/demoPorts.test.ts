/** The demo's port layout and the check before anything starts. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PORT_BASE,
  MAX_PORT_BASE,
  PortTakenError,
  checkPorts,
  demoPorts,
} from '../../../src/runtime/demoPorts.js';
import { freePortRange } from '../../helpers/demo.js';

describe('demoPorts', () => {
  it('puts the parts on N to N+4, away from Homebridge, Node-RED and MQTT defaults', () => {
    expect(demoPorts(DEFAULT_PORT_BASE)).toEqual({
      emulator: 47800,
      mqtt: 47801,
      homebridge: 47802,
      nodeRed: 47803,
      api: 47804,
    });
    const used = Object.values(demoPorts(DEFAULT_PORT_BASE));
    for (const taken of [51826, 1880, 1883, 8581]) expect(used).not.toContain(taken);
    expect(Math.max(...Object.values(demoPorts(MAX_PORT_BASE)))).toBe(65535);
  });

  it.each(['127.0.0.1', '0.0.0.0'])('names HAP and --port-base when its port is held on %s', async (host) => {
    const base = await freePortRange(5);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(base + 2, host, resolve));
    try {
      const ports = demoPorts(base);
      await checkPorts(ports, ['emulator', 'mqtt', 'api'], base);
      const error = await checkPorts(ports, ['emulator', 'homebridge'], base).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PortTakenError);
      expect(error).toMatchObject({ code: 'PORT_TAKEN', part: 'homebridge', port: base + 2 });
      expect((error as Error).message).toContain(
        `port ${base + 2} for Homebridge's HAP server is already in use`,
      );
      expect((error as Error).message).toContain(`--port-base N (now ${base}`);
    } finally {
      holder.close();
    }
  });
});
