/**
 * The demo's "try" commands run from any terminal: the package's own scripts (the CLI, the MQTT client) are named
 * by path, because `npx tedee-hub` or `npx mqtt` outside the clone would look for them on the registry.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { demoTable } from '../../../src/cli/commands/demoTable.js';
import type { DemoFolder } from '../../../src/runtime/demoFolder.js';

describe('the demo table', () => {
  it('names the MQTT client and the CLI by a path that runs outside the clone', () => {
    const folder = { root: '/tmp/demo' } as DemoFolder;
    const lines = demoTable({
      folder,
      emulatorUrl: 'http://127.0.0.1:47800',
      cloudConfig: '/tmp/demo/hub/cloud.json',
      mqttUrl: 'mqtt://127.0.0.1:47801',
      apiUrl: 'http://127.0.0.1:47804',
      ownerKey: 'tdk_x',
      skipped: [],
    });
    const text = lines.join('\n');
    expect(text).not.toMatch(/npx (mqtt|tedee-hub)/);
    const publish = lines.find((line) => line.includes(' pub -h 127.0.0.1 -p 47801'))!.trim();
    const [node, script] = publish.split(' ');
    expect(node).toBe('node');
    // Run as printed from another folder: the script is found and answers its usage.
    const usage = execFileSync(process.execPath, [script!, 'pub', '--help'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(usage).toMatch(/Usage: mqtt publish/);
    // The emulator's key is read from the demo's configuration file, never printed.
    expect(text).toContain('watch --config /tmp/demo/hub/cloud.json');
    expect(text).not.toContain('TEDEE_PAK');
  });
});
