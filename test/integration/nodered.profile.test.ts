/**
 * The `tedee-profile` config node on Node-RED 5 and 4: the editor's fields become the key service's Profile,
 * and a bad field is named, as the CLI's and the API's profiles are.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileNode } from '../../src/node-red/profile.js';
import registerProfile from '../../src/node-red/profile.js';
import { NODE_RED_RUNTIMES, useNodeRed } from '../helpers/nodeRed.js';

function profileFlow(settings: Record<string, unknown>): object[] {
  return [{ id: 'cleaning', type: 'tedee-profile', name: 'Cleaning', ...settings }];
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  it('turns the editor fields into a profile', async () => {
    await helper.load(
      registerProfile,
      profileFlow({
        accessLevel: 'guest',
        remoteAccess: false,
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: '09:00',
        to: '15:00',
        timeZone: 'Europe/Warsaw',
      }),
    );
    const node = helper.getNode('cleaning') as ProfileNode;
    expect(node.problems).toEqual([]);
    expect(node.profile).toEqual({
      name: 'Cleaning',
      accessLevel: 'guest',
      remoteAccess: false,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { from: '09:00', to: '15:00' },
      timeZone: 'Europe/Warsaw',
    });
  });

  it('reads weekdays written as text and leaves unset fields to the defaults', async () => {
    await helper.load(registerProfile, profileFlow({ days: 'sat, sun' }));
    const node = helper.getNode('cleaning') as ProfileNode;
    expect(node.profile).toEqual({
      name: 'Cleaning',
      accessLevel: 'guest',
      remoteAccess: true,
      days: ['sat', 'sun'],
    });
  });

  it('names every bad field and offers no profile', async () => {
    await helper.load(
      registerProfile,
      profileFlow({
        accessLevel: 'boss',
        days: ['mon', 'someday'],
        from: '25:00',
        to: '',
        timeZone: 'Mars/Base',
      }),
    );
    const node = helper.getNode('cleaning') as ProfileNode;
    expect(node.profile).toBeUndefined();
    const problems = node.problems.join('\n');
    expect(problems).toMatch(/accessLevel/);
    expect(problems).toMatch(/days/);
    expect(problems).toMatch(/hours/);
    expect(problems).toMatch(/timeZone/);
  });
});
