/** The one warning a hub logs when 429s show that another client uses its Tedee account (client/accountShare.ts). */
import type { SharedAccountNotice } from '../../client/accountShare.js';

export function sharedAccountWarning(notice: SharedAccountNotice): string {
  return (
    `The Tedee cloud answered 429 (rate limit) although this hub sent only ${notice.used} requests in the last ` +
    `hour (its budget: ${notice.configuredPerHour}): another client uses this account (another Homebridge, ` +
    `Node-RED or tedee-hub with a key of the same account, or a script). Slowing down: at most ` +
    `${notice.limitPerHour} requests an hour from now on, growing back after 6 quiet hours. Give each host ` +
    `its share with requestBudgetPerHour (docs/hub.md, "One account, several hosts").`
  );
}
