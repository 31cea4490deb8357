/**
 * Commands from MQTT pass here, and nowhere else, on their way to the hub. Retained messages are ignored,
 * garbage is dropped with a reason logged once, nothing runs unless allowed for that lock and action, a
 * wrong code is refused, an MQTT 5 message expiry is kept. The outcome of every command goes to
 * `<base>/<lock>/result` (and to the MQTT 5 response topic when the request named one).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IPublishPacket } from 'mqtt';
import type { MqttConfig } from '../config/index.js';
import type {
  CommandOutcome as HubOutcome,
  CommandResult,
  Lock,
  LockAction,
  LockHub,
} from '../core/index.js';
import { lockEntry } from '../core/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { haState, parseCommand } from './payload.js';

export interface ResultTarget {
  slug: string;
  transaction?: string | number;
  responseTopic?: string;
  correlationData?: Buffer;
}

export interface CommandOutcome {
  action: string;
  outcome: HubOutcome | 'refused';
  reason?: string;
  command_id?: string;
  state?: string | null;
  transaction?: string | number;
  time: string;
}

export interface GateDependencies {
  hub: LockHub;
  commands: MqttConfig['commands'];
  lockForSlug: (slug: string) => Lock | undefined;
  publishResult: (target: ResultTarget, outcome: CommandOutcome) => void;
  logger: Logger;
}

/** Wrong codes allowed per lock within the window before commands with a code are refused for that long. */
const WRONG_CODES_ALLOWED = 5;
const WRONG_CODE_WINDOW_MS = 10 * 60_000;

/** Most distinct warnings kept in memory for "log once"; a flood of new garbage cannot grow it without bound. */
const WARNINGS_REMEMBERED = 500;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isActionAllowed(commands: MqttConfig['commands'], lock: Lock, action: LockAction): boolean {
  if (!commands.enabled) return false;
  return (lockEntry(commands.locks, lock)?.actions ?? commands.actions).includes(action);
}

export class CommandGate {
  private readonly warned = new Set<string>();
  private readonly waiting = new Map<string, ResultTarget[]>();
  /** Per lock: times of recent wrong codes, and until when codes are refused (someone is guessing). */
  private readonly wrongCodes = new Map<string, number[]>();
  private readonly lockedOutUntil = new Map<string, number>();

  // The dependencies hold the command code: a #private field keeps it out of inspection.
  readonly #deps: GateDependencies;

  constructor(deps: GateDependencies) {
    this.#deps = deps;
  }

  handle(slug: string, topic: string, payload: Buffer, packet: IPublishPacket): void {
    if (packet.retain) {
      this.warnOnce(
        `retained:${topic}`,
        `Ignored a retained message on ${topic}: commands must be published without retain.`,
      );
      return;
    }
    const parsed = parseCommand(payload);
    if (!parsed.ok) {
      this.warnOnce(`invalid:${slug}:${parsed.reason}`, `Dropped a command on ${topic}: ${parsed.reason}.`);
      return;
    }
    const { action, code, transaction } = parsed.command;
    const properties = packet.properties;
    const target: ResultTarget = {
      slug,
      transaction,
      responseTopic: properties?.responseTopic,
      correlationData: properties?.correlationData,
    };
    const lock = this.#deps.lockForSlug(slug);
    if (!lock) {
      this.refuse(target, action, `no lock has the topic "${slug}"`);
      return;
    }
    const refusal = this.refusal(lock, action, code);
    if (refusal) {
      this.refuse(target, action, refusal, lock);
      return;
    }
    const expiry = properties?.messageExpiryInterval;
    try {
      const { hub } = this.#deps;
      const ticket = hub.command(lock.id, action, {
        notAfter: expiry === undefined ? undefined : hub.now() + expiry * 1000,
      });
      this.waiting.set(ticket.id, [...(this.waiting.get(ticket.id) ?? []), target]);
    } catch (error) {
      this.refuse(target, action, errorMessage(error), lock);
    }
  }

  /** Publishes the outcome to everyone who asked for this command. */
  commandFinished(result: CommandResult): void {
    const targets = this.waiting.get(result.command.id);
    if (!targets) return;
    this.waiting.delete(result.command.id);
    const state = result.lock ? haState(result.lock.status.state) : undefined;
    for (const target of targets) {
      this.#deps.publishResult(target, {
        action: result.command.action.toUpperCase(),
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        command_id: result.command.id,
        ...(state === undefined ? {} : { state }),
        ...(target.transaction === undefined ? {} : { transaction: target.transaction }),
        time: new Date().toISOString(),
      });
    }
  }

  private refusal(lock: Lock, action: LockAction, code: string | undefined): string | undefined {
    const { commands } = this.#deps;
    if (!commands.enabled) return 'commands over MQTT are off (mqtt.commands.enabled)';
    if (!isActionAllowed(commands, lock, action))
      return `${action.toUpperCase()} is not allowed for ${lock.name} over MQTT (mqtt.commands)`;
    if (commands.code === undefined) return undefined;
    const now = Date.now();
    if ((this.lockedOutUntil.get(lock.serialNumber) ?? 0) > now)
      return 'too many wrong codes; try again later';
    if (code === undefined) return 'a code is required';
    if (timingSafeEqual(digest(code), digest(commands.code))) {
      this.wrongCodes.delete(lock.serialNumber);
      return undefined;
    }
    const recent = [...(this.wrongCodes.get(lock.serialNumber) ?? []), now].filter(
      (time) => time > now - WRONG_CODE_WINDOW_MS,
    );
    this.wrongCodes.set(lock.serialNumber, recent);
    if (recent.length >= WRONG_CODES_ALLOWED) {
      this.lockedOutUntil.set(lock.serialNumber, now + WRONG_CODE_WINDOW_MS);
      this.wrongCodes.delete(lock.serialNumber);
      this.#deps.logger.warn(
        `${WRONG_CODES_ALLOWED} wrong codes for ${lock.name} over MQTT within ${WRONG_CODE_WINDOW_MS / 60_000} minutes: ` +
          `commands for it are refused for ${WRONG_CODE_WINDOW_MS / 60_000} minutes.`,
      );
    }
    return 'wrong code';
  }

  private refuse(target: ResultTarget, action: LockAction, reason: string, lock?: Lock): void {
    this.warnOnce(
      `refused:${target.slug}:${action}:${reason}`,
      `MQTT ${action.toUpperCase()} for ${lock?.name ?? target.slug} refused: ${reason}.`,
    );
    this.#deps.publishResult(target, {
      action: action.toUpperCase(),
      outcome: 'refused',
      reason,
      ...(target.transaction === undefined ? {} : { transaction: target.transaction }),
      time: new Date().toISOString(),
    });
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= WARNINGS_REMEMBERED) this.warned.clear();
    this.warned.add(key);
    this.#deps.logger.warn(message);
  }
}
