/**
 * The `tedee-schedule` node: tells a flow when a profile's or a key's access window opens and closes, at the
 * local times the door opens (the key compiler's windows, daylight saving included). Output 1: `open` and
 * `close` events; output 2: answers to `msg.payload = "check"`. One timer to the next transition, re-armed
 * after it fires; the last announced transition is kept per node id, so a redeploy or a restart inside a
 * window announces nothing again, and downtime is caught up with at most one message flagged `catchUp`.
 */
import type { LocalSchedule } from '../core/keys/model.js';
import type { WindowState } from '../core/keys/schedule/index.js';
import { windowAt } from '../core/keys/schedule/index.js';
import type { Timer } from '../util/clock.js';
import type { AccountNode } from './account.js';
import { clockSetting } from './clockSetting.js';
import { NodeInputError } from './inputError.js';
import type { ProfileNode } from './profile.js';
import type { Node, NodeMessage, NodeRedApi } from './red.js';
import type { Announcement } from './scheduleDecision.js';
import { decide } from './scheduleDecision.js';
import { problemStatus, readScheduleCommand, scheduleStatus, windowPayload } from './scheduleMessages.js';
import type { AnnouncedTransition } from './scheduleRecord.js';
import { transitionRecord } from './scheduleRecord.js';
import type { ScheduleSource } from './scheduleSource.js';
import { chooseSource, KEYS_STARTING } from './scheduleSource.js';

export const SCHEDULE_TYPE = 'tedee-schedule';

/**
 * The longest single wait. Node's setTimeout takes at most 2^31-1 ms (24.8 days); waking at least daily also
 * reads the clock again after the machine slept or its clock was set.
 */
export const MAX_WAIT_MS = 24 * 3600_000;

export interface ScheduleNodeConfig {
  id: string;
  name?: string;
  account?: string;
  profile?: string;
  key?: string;
}

type Reason = 'start' | 'timer' | 'changed';

export default function registerSchedule(RED: NodeRedApi): void {
  function TedeeSchedule(this: Node, config: ScheduleNodeConfig): void {
    RED.nodes.createNode(this, config);
    const clock = clockSetting(RED);
    const account = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const profile = config.profile ? (RED.nodes.getNode(config.profile) as ProfileNode | null) : null;
    const chosen = chooseSource(config, profile, account);
    const record = transitionRecord(RED.settings.userDir, this.id);
    let last: AnnouncedTransition | undefined;
    let recordRead = false;
    let timer: Timer | undefined;
    /** The transition the timer waits for, so that it fires on time and not as a catch-up. */
    let armedEdge: number | null | undefined;
    let closed = false;
    let off: (() => void) | undefined;

    /** The problem last handed to Catch, so that a lasting one is reported once, not at every look. */
    let reported: string | undefined;
    const fail = (code: string, reason: string): void => {
      if (code === KEYS_STARTING) {
        this.status({ fill: 'yellow', shape: 'ring', text: 'keys starting' });
        return;
      }
      this.status(problemStatus(reason));
      if (reported === reason) return;
      reported = reason;
      // With a message object, so that Catch nodes get it (a bare node.error only logs).
      this.error(new NodeInputError(code, reason), { payload: { code, reason } });
    };

    const read = (): { source: ScheduleSource; schedule: LocalSchedule } | NodeInputError => {
      if (!('read' in chosen)) return new NodeInputError(chosen.code, chosen.reason);
      const result = chosen.read();
      return result.ok
        ? { source: chosen, schedule: result.schedule }
        : new NodeInputError(result.code, result.reason);
    };

    const announce = (
      source: ScheduleSource,
      schedule: LocalSchedule,
      { event, window, edge }: Announcement,
      catchUp: boolean,
    ): void => {
      const now = clock.now();
      last = { event, from: window.from, to: window.to, at: now };
      const failure = record.write(last);
      if (failure) this.warn(`Could not keep the last transition in ${record.file}: ${failure}`);
      this.send([
        {
          topic: event,
          payload: {
            event,
            window: windowPayload(window, schedule.timeZone),
            ...source.label,
            catchUp,
            ...(catchUp && edge !== null ? { missedAt: new Date(edge).toISOString() } : {}),
          },
        },
        null,
      ]);
    };

    const arm = (state: WindowState, schedule: LocalSchedule, now: number): void => {
      const edge = state.inside ? state.window?.to : state.window?.from;
      armedEdge = edge;
      const wait = edge === undefined || edge === null ? MAX_WAIT_MS : Math.min(MAX_WAIT_MS, edge - now);
      timer = clock.setTimeout(() => {
        timer = undefined;
        look('timer');
      }, wait);
      this.status(scheduleStatus(state, schedule.timeZone, now));
    };

    const look = (reason: Reason): void => {
      if (closed) return;
      // Re-armed below when the schedule can be read; none waits while it cannot (a change looks again).
      clock.clearTimeout(timer);
      timer = undefined;
      const current = read();
      if (current instanceof NodeInputError) {
        fail(current.code, current.message);
        return;
      }
      reported = undefined;
      const { source, schedule } = current;
      const now = clock.now();
      let state: WindowState;
      try {
        state = windowAt(schedule, now);
      } catch (error) {
        // A key's stored schedule the compiler refuses (a profile's is checked when the profile is read).
        const code = (error as { code?: string }).code ?? 'SCHEDULE_INVALID';
        fail(code, `schedule: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!recordRead) {
        last = record.read();
        recordRead = true;
      }
      const decision = decide(schedule, state, last, now);
      if (decision.kind === 'baseline') {
        last = decision.transition;
        const failure = record.write(last);
        if (failure) this.warn(`Could not keep the last transition in ${record.file}: ${failure}`);
      } else if (decision.kind === 'announce') {
        const onTime = reason === 'timer' && decision.announcement.edge === armedEdge;
        announce(source, schedule, decision.announcement, !onTime);
      }
      arm(state, schedule, now);
    };

    // Started once every node of the flow exists, so that messages and errors reach their wires and Catch.
    const starting = setImmediate(() => {
      look('start');
      if ('watch' in chosen) off = chosen.watch(() => look('changed'));
    });

    this.on('input', (msg, send, done) => {
      try {
        send([null, check(msg)]);
        done();
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)));
      }
    });

    const check = (msg: NodeMessage): NodeMessage => {
      readScheduleCommand(msg);
      const current = read();
      if (current instanceof NodeInputError) throw current;
      const now = clock.now();
      const state = windowAt(current.schedule, now);
      return {
        ...msg,
        payload: {
          inside: state.inside,
          window: state.window ? windowPayload(state.window, current.schedule.timeZone) : null,
          ...current.source.label,
          at: new Date(now).toISOString(),
        },
      };
    };

    this.on('close', (removed, done) => {
      closed = true;
      clearImmediate(starting);
      clock.clearTimeout(timer);
      timer = undefined;
      off?.();
      // A deleted (or disabled) node forgets what it announced; a redeployed one keeps it.
      if (removed) record.remove();
      this.status({});
      done();
    });
  }
  RED.nodes.registerType(SCHEDULE_TYPE, TedeeSchedule);
}
