/**
 * The steady load of the fault suite: commands arriving all the time (lock, unlock and now and then open,
 * round the locks) and keys being issued, each on the hub's clock. Every command and every issuance is
 * recorded with how it ended, so that the invariants can count issued against finished.
 */
import type { CommandResult, LockAction, LockHub } from '../../src/core/index.js';
import { HubError } from '../../src/core/index.js';
import type { KeyService } from '../../src/core/keys/service/index.js';
import type { Clock, Timer } from '../../src/util/clock.js';

export interface SentCommand {
  lockId: number;
  action: LockAction;
  /** Hub-clock time of the request. */
  at: number;
  joined: boolean;
  /** `refused` when hub.command() threw (nothing sent), else the command's result once it ended. */
  outcome?: CommandResult['outcome'] | 'refused';
  code?: string;
  endedAt?: number;
}

export interface Issuance {
  at: number;
  doors: number[];
  /** The key's status, or `error` with the error's code. */
  status?: string;
  code?: string;
}

/** Runs `step` every `everyMs` of the clock until stopped; a step's failure is recorded, never thrown. */
class Ticker {
  private timer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly step: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      this.step();
      this.arm();
    }, this.everyMs);
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }
}

export class CommandDriver {
  readonly sent: SentCommand[] = [];
  private readonly ticker: Ticker;
  private turn = 0;

  constructor(
    private readonly hub: LockHub,
    private readonly clock: Clock,
    everyMs: number,
  ) {
    this.ticker = new Ticker(clock, everyMs, () => this.next());
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  /** Commands that have not ended yet. */
  pending(): SentCommand[] {
    return this.sent.filter((command) => command.outcome === undefined);
  }

  private next(): void {
    const locks = this.hub.locks();
    if (locks.length === 0) return;
    const lock = locks[this.turn % locks.length]!;
    // Every fifth turn opens a door with a pull spring; the others turn the lock the other way.
    const action: LockAction =
      this.turn % 5 === 4 && lock.pullSpringEnabled
        ? 'open'
        : lock.status.state === 'locked'
          ? 'unlock'
          : 'lock';
    this.turn++;
    this.send(lock.id, action);
  }

  send(lockId: number, action: LockAction): SentCommand {
    const command: SentCommand = { lockId, action, at: this.clock.now(), joined: false };
    this.sent.push(command);
    try {
      const ticket = this.hub.command(lockId, action);
      command.joined = ticket.joined;
      void ticket.result.then((result) => {
        command.outcome = result.outcome;
        command.code = result.code;
        command.endedAt = this.clock.now();
      });
    } catch (error) {
      command.outcome = 'refused';
      command.code = error instanceof HubError ? error.code : `NOT_A_HUB_ERROR: ${String(error)}`;
      command.endedAt = this.clock.now();
    }
    return command;
  }
}

export class KeyDriver {
  readonly issued: Issuance[] = [];
  private readonly ticker: Ticker;
  private turn = 0;

  constructor(
    private readonly service: KeyService,
    private readonly clock: Clock,
    private readonly doors: number[],
    everyMs: number,
  ) {
    this.ticker = new Ticker(clock, everyMs, () => this.next());
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  pending(): Issuance[] {
    return this.issued.filter((issuance) => issuance.status === undefined);
  }

  private next(): void {
    const turn = this.turn++;
    const doors = [this.doors[turn % this.doors.length]!, this.doors[(turn + 1) % this.doors.length]!];
    const issuance: Issuance = { at: this.clock.now(), doors };
    this.issued.push(issuance);
    this.service
      .issue(
        {
          name: `Guest ${turn}`,
          persons: [{ name: `Guest ${turn}`, email: `guest${turn}@example.com` }],
          doors,
          credentials: { doorcode: true },
        },
        { issuer: 'fault-suite', role: 'owner' },
      )
      .then(
        (key) => void (issuance.status = 'status' in key ? key.status : 'dry-run'),
        (error: unknown) => {
          issuance.status = 'error';
          issuance.code = (error as { code?: string }).code ?? `UNCODED: ${String(error)}`;
        },
      );
  }
}
