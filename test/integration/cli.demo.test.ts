/** The demo (npm start) runs its tour on embedded defaults and ends with --once. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';

describe('tedee-hub demo --once', () => {
  it('runs the emulator, the hub and the MQTT mirror through the tour, then stops', async () => {
    const { io, out, err } = fakeIo();
    expect(await runCli(['demo', '--once', '--speed', '10'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Front Door\s+Lock PRO\s+locked/);
    expect(text).toContain('commandFinished unlock lock 101');
    expect(text).toContain('2 of 3 joined the first; confirmed');
    expect(text).toMatch(/\[mqtt\] tedee\/back_door\/result \{"action":"UNLOCK","outcome":"confirmed"/);
    expect(text).toContain('availabilityChanged Garage: unavailable');
    expect(err.filter((line) => / (ERROR|WARN) /.test(line))).toEqual([]);
  }, 60_000);
});
