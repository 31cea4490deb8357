/**
 * The `tedee-events` node: the activity log of chosen locks of a `tedee-account` (every lock when none is
 * chosen), one message per entry: who opened which door, and how (app, keypad with the PIN's alias, access
 * link, button, auto-lock...). The hub's activity feed reads the log within the request budget, only while
 * such a node is deployed, and keeps its place in the account's data folder, so that neither a restart nor a
 * redeploy sends an entry twice (docs/hub.md "Activity feed").
 */
import type { ActivityEvent, HealthStatus } from '../core/index.js';
import { findLock } from '../core/index.js';
import type { AccountNode } from './account.js';
import type { EventsNodeConfig } from './eventsSettings.js';
import { readEventsSettings } from './eventsSettings.js';
import { NodeInputError } from './inputError.js';
import { activityStatus, healthStatus } from './nodeStatus.js';
import type { Node, NodeMessage, NodeRedApi } from './red.js';

export const EVENTS_TYPE = 'tedee-events';

export default function registerEvents(RED: NodeRedApi): void {
  function TedeeEvents(this: Node, config: EventsNodeConfig): void {
    RED.nodes.createNode(this, config);
    const account = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const settings = readEventsSettings(config);
    const offs: (() => void)[] = [];
    let health: HealthStatus = { state: 'starting' };
    let last: ActivityEvent | undefined;
    const show = (): void => {
      if (health.state === 'ok' && last) this.status(activityStatus(last));
      else this.status(healthStatus(health, undefined));
    };

    /** A chosen lock the account does not have (a typo, a lock removed): said once the locks are known. */
    const warnUnknown = (): void => {
      const locks = account?.hub?.locks() ?? [];
      const unknown = settings.ok
        ? settings.locks.filter((reference) => !locks.some((lock) => findLock([lock], reference)))
        : [];
      if (unknown.length > 0) this.warn(`locks: no lock ${unknown.join(', ')} in this account`);
    };

    if (!settings.ok) {
      this.status({ fill: 'red', shape: 'ring', text: settings.error.split(':')[0]! });
      this.error(new NodeInputError('CONFIG_INVALID', settings.error));
    } else if (!account) {
      this.status({ fill: 'red', shape: 'ring', text: 'no account' });
      this.error(new NodeInputError('CONFIG_INVALID', 'account: none chosen; pick a tedee-account'));
    } else {
      offs.push(
        account.watchHealth((next) => {
          health = next;
          show();
        }),
      );
      const hub = account.hub;
      if (hub) {
        offs.push(
          hub.watchActivity({ locks: settings.locks, interval: settings.interval }, (event) => {
            last = event;
            this.send(activityMessage(event));
            show();
          }),
          hub.on('error', ({ error, context }) => {
            if (context !== 'activity') return;
            // Catch nodes see it: a message, the stable code and the reason (e.g. the missing scope).
            const message = `Reading the activity log failed (${error.code}): ${error.message}`;
            this.error(message, { topic: 'activity', payload: { code: error.code, reason: error.message } });
            this.status({ fill: 'red', shape: 'ring', text: error.code });
          }),
          hub.on('ready', () => warnUnknown()),
        );
        if (hub.isReady) warnUnknown();
      }
    }

    this.on('close', (_removed, done) => {
      for (const off of offs.splice(0)) off();
      this.status({});
      done();
    });
  }
  RED.nodes.registerType(EVENTS_TYPE, TedeeEvents);
}

/** One activity entry as a message: the entry as payload, `<lock name>/activity` as topic. */
export function activityMessage(event: ActivityEvent): NodeMessage {
  return { topic: `${event.lockName}/activity`, lock: event.serialNumber, payload: event };
}
