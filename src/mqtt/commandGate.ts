/**
 * Commands from MQTT pass here, and nowhere else, on their way to the hub. Every command gets exactly one
 * result on `<base>/<lock>/result` (and on its MQTT 5 response topic when that lies in the response space):
 * retained commands and garbage are refused with a code, nothing runs unless allowed for that lock and action,
 * a wrong code is refused and counted per requester, an MQTT 5 message expiry is kept.
 */
import type { IPublishPacket } from 'mqtt';
import type { MqttConfig } from '../config/index.js';
import type { CommandResult, Lock, LockHub } from '../core/index.js';
import { HubError, outcomeLine } from '../core/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { printable } from '../util/printable.js';
import type { CodeLockout } from './codeLockout.js';
import type { CommandOutcome, ResultTarget } from './commandResult.js';
import { refusedOutcome, resultOutcome } from './commandResult.js';
import { refusal } from './commandRules.js';
import { parseCommand } from './payload.js';
import { matchesFilter } from './topics.js';

export interface GateDependencies {
  hub: LockHub;
  commands: MqttConfig['commands'];
  /** Topic filters an MQTT 5 response topic must match (mqtt.commands.responseTopics). */
  responseTopics: readonly string[];
  /** Filters of the hub's own topics: never a response topic, whatever responseTopics says. */
  ownTopics: readonly string[];
  lockout: CodeLockout;
  lockForSlug: (slug: string) => Lock | undefined;
  /** The hub has not read the locks yet, and the previous run had a lock on this slug. */
  isStarting: (slug: string) => boolean;
  publishResult: (target: ResultTarget, outcome: CommandOutcome) => void;
  /** Empties a retained message on a command topic. */
  clearRetained: (topic: string) => void;
  logger: Logger;
}

/** Most distinct warnings kept in memory for "log once"; a flood of new garbage cannot grow it without bound. */
const WARNINGS_REMEMBERED = 500;

export class CommandGate {
  private readonly warned = new Set<string>();

  // The dependencies hold the command code: a #private field keeps it out of inspection.
  readonly #deps: GateDependencies;

  constructor(deps: GateDependencies) {
    this.#deps = deps;
  }

  /** A message on `<base>/<slug>/set`; `requester` is the publishing client when the broker says so truthfully. */
  handle(slug: string, topic: string, payload: Buffer, packet: IPublishPacket, requester?: string): void {
    // An empty payload deletes a retained message (ours, when we clear one): it is not a command.
    if (payload.length === 0) return;
    const lock = this.#deps.lockForSlug(slug);
    const starting = !lock && this.#deps.isStarting(slug);
    if (!lock && !starting) {
      this.warnOnce(`unknown:${slug}`, `Ignored a message on ${topic}: no lock has the topic "${slug}".`);
      return;
    }
    const target = this.target(slug, packet);
    if (packet.retain) {
      this.refuseRetained(topic, lock?.name ?? slug, target);
      return;
    }
    if (!lock) {
      const reason = 'the hub has not read the locks from the Tedee cloud yet; try again in a moment';
      this.refuse(target, undefined, 'HUB_STARTING', reason, slug);
      return;
    }
    const parsed = parseCommand(payload);
    if (!parsed.ok) {
      this.refuse(target, undefined, parsed.code, parsed.reason, lock.name);
      return;
    }
    const { action, code, transaction } = parsed.command;
    target.transaction = transaction;
    const refused = refusal(this.#deps, lock, action, code, requester);
    if (refused) {
      this.refuse(target, action, refused.code, refused.reason, lock.name);
      return;
    }
    const expiry = packet.properties?.messageExpiryInterval;
    try {
      const { hub } = this.#deps;
      const ticket = hub.command(lock.id, action, {
        notAfter: expiry === undefined ? undefined : hub.now() + expiry * 1000,
      });
      // A request that joins an identical command (even one already finished) gets that command's result.
      void ticket.result.then((result) => {
        // One log line per command: a repeat that joined it is answered, not logged again.
        if (!ticket.joined) this.logOutcome(lock.name, result);
        this.finished(target, result);
      });
    } catch (error) {
      const code = error instanceof HubError ? error.code : 'INTERNAL';
      this.refuse(target, action, code, errorMessage(error), lock.name);
    }
  }

  /** A command too large to read: the broker or the connection dropped it before it was held in memory. */
  refuseOversize(slug: string, bytes: number): void {
    const lock = this.#deps.lockForSlug(slug);
    if (!lock) return;
    this.refuse(
      { slug },
      undefined,
      'COMMAND_TOO_LARGE',
      `the message is too large (${bytes} bytes)`,
      lock.name,
    );
  }

  /**
   * A command published with the retain flag (seen by the broker, or delivered with it): it never runs, and the
   * retained copy is emptied so it cannot come back at the next subscription.
   */
  refuseRetained(topic: string, lockName: string, target: ResultTarget): void {
    this.#deps.clearRetained(topic);
    this.refuse(
      target,
      undefined,
      'RETAINED_COMMAND',
      `a retained message on ${topic} is not a command (publish commands without retain); it was cleared`,
      lockName,
    );
  }

  private target(slug: string, packet: IPublishPacket): ResultTarget {
    const responseTopic = packet.properties?.responseTopic;
    if (responseTopic === undefined) return { slug };
    if (this.#deps.ownTopics.some((filter) => matchesFilter(filter, responseTopic))) {
      this.warnOnce(
        `response:${responseTopic}`,
        `Refused the MQTT 5 response topic ${responseTopic}: it is one of the hub's own topics; answering on ` +
          `the lock's result topic only.`,
      );
      return { slug };
    }
    const allowed =
      !/[+#]/.test(responseTopic) &&
      this.#deps.responseTopics.some((filter) => matchesFilter(filter, responseTopic));
    if (!allowed) {
      this.warnOnce(
        `response:${responseTopic}`,
        `Refused the MQTT 5 response topic ${responseTopic}: it is outside the response space ` +
          `(mqtt.commands.responseTopics: ${this.#deps.responseTopics.join(', ')}); answering on ` +
          `the lock's result topic only.`,
      );
      return { slug };
    }
    return { slug, responseTopic, correlationData: packet.properties?.correlationData };
  }

  private logOutcome(lockName: string, result: CommandResult): void {
    const { level, message } = outcomeLine(lockName, result, 'MQTT');
    this.#deps.logger[level](message);
  }

  private finished(target: ResultTarget, result: CommandResult): void {
    this.#deps.publishResult(target, resultOutcome(target, result));
  }

  private refuse(
    target: ResultTarget,
    action: string | undefined,
    code: string,
    reason: string,
    lockName: string,
  ): void {
    this.warnOnce(
      `refused:${target.slug}:${action ?? ''}:${code}:${reason}`,
      `MQTT ${action ? `${action.toUpperCase()} ` : 'command '}for ${lockName} refused (${code}): ${reason}.`,
    );
    this.#deps.publishResult(target, refusedOutcome(target, action, code, reason));
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= WARNINGS_REMEMBERED) this.warned.clear();
    this.warned.add(key);
    // Lock names and reasons come from the cloud and the payload: no control character reaches the log.
    this.#deps.logger.warn(printable(message));
  }
}
