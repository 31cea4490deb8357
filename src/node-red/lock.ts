/**
 * The `tedee-lock` node: operates one lock of a `tedee-account` and reports its state. Input `msg.payload`
 * (or `msg.action`) `lock` | `unlock` | `open` | `status`; the lock is the one picked in the editor (by
 * serial number, so a rename does not break the flow) or `msg.lock`; `status` with neither answers for
 * every lock of the account. Output 1: the state, on every change (with `emitEveryPoll`, also after every
 * poll: one message per lock and poll) and in answer to `status`; output 2: each command's result with
 * `outcome` and `code`. A command that is
 * not confirmed also goes to Catch (`done(err)` with `err.code`).
 */
import type { CommandResult, HealthStatus, Lock, LockHub } from '../core/index.js';
import { HubError } from '../core/index.js';
import type { AccountNode } from './account.js';
import { NodeInputError } from './inputError.js';
import { healthStatus, lockStatus } from './nodeStatus.js';
import type { Node, NodeMessage, NodeRedApi } from './red.js';

export const LOCK_TYPE = 'tedee-lock';
const ACTIONS = ['lock', 'unlock', 'open', 'status'] as const;
type LockNodeAction = (typeof ACTIONS)[number];

export interface LockNodeConfig {
  id: string;
  name?: string;
  account?: string;
  /** The lock's serial number. */
  lock?: string;
  /** Output 1 also gets the state after every poll, not only on a change. */
  emitEveryPoll?: boolean;
}

export default function registerLock(RED: NodeRedApi): void {
  function TedeeLock(this: Node, config: LockNodeConfig): void {
    RED.nodes.createNode(this, config);
    const account = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const chosen = config.lock?.trim() || undefined;
    const offs: (() => void)[] = [];
    let health: HealthStatus = { state: 'failed', reason: 'no account' };
    const showLock = (): void => {
      const lock = chosen ? account?.hub?.lock(chosen) : undefined;
      this.status(health.state === 'ok' && lock ? lockStatus(lock) : healthStatus(health, chosen));
    };
    if (!account) {
      this.status({ fill: 'red', shape: 'ring', text: 'no account' });
    } else {
      offs.push(
        account.watchHealth((next) => {
          health = next;
          showLock();
        }),
      );
      const hub = account.hub;
      if (hub) {
        // Sent on a change since the last poll: with emitEveryPoll that poll does not send the lock again.
        const sentSincePoll = new Set<string>();
        offs.push(
          hub.on('stateChanged', ({ lock }) => {
            if (chosen && lock.serialNumber !== chosen) return;
            sentSincePoll.add(lock.serialNumber);
            this.send([stateMessage(lock), null]);
            showLock();
          }),
          hub.on('availabilityChanged', showLock),
        );
        if (config.emitEveryPoll === true) {
          offs.push(
            hub.on('polled', ({ locks }) => {
              for (const lock of locks) {
                if ((chosen && lock.serialNumber !== chosen) || sentSincePoll.has(lock.serialNumber))
                  continue;
                this.send([stateMessage(lock), null]);
              }
              sentSincePoll.clear();
            }),
          );
        }
      }
    }

    this.on('input', (msg, send, done) => {
      void handle(msg).then(
        (out) => {
          send(out);
          done();
        },
        (error: unknown) => {
          if (error instanceof CommandNotConfirmed) send([null, error.result]);
          done(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

    const handle = async (msg: NodeMessage): Promise<(NodeMessage | NodeMessage[] | null)[]> => {
      const action = readAction(msg);
      const hub = account?.hub;
      if (action === 'status' && hub && msg.lock === undefined && !chosen)
        return [everyLockState(hub, msg), null];
      const reference = readLock(msg, chosen);
      if (!hub)
        throw new NodeInputError('CONFIG_INVALID', `account: ${account ? health.reason : 'none chosen'}`);
      if (action === 'status') {
        const lock = hub.lock(reference);
        if (!lock) throw new NodeInputError('UNKNOWN_LOCK', `lock: no lock "${reference}" in this account`);
        return [{ ...stateMessage(lock), _msgid: msg._msgid }, null];
      }
      let result: CommandResult;
      try {
        result = await hub.command(reference, action).result;
      } catch (error) {
        if (error instanceof HubError) throw new NodeInputError(error.code, error.message);
        throw error;
      }
      const out = resultMessage(msg, result);
      if (result.outcome !== 'confirmed') throw new CommandNotConfirmed(out, result);
      return [null, out];
    };

    this.on('close', (_removed, done) => {
      for (const off of offs.splice(0)) off();
      this.status({});
      done();
    });
  }
  RED.nodes.registerType(LOCK_TYPE, TedeeLock);
  registerLockListEndpoint(RED);
}

/**
 * GET /tedee-lock/locks?account=<id>: the locks of a deployed account, for the editor's dropdown. An account
 * not deployed yet has no hub: the answer says so (the account's Test key lists the locks of any key).
 */
export const LOCK_LIST_PATH = '/tedee-lock/locks';

function registerLockListEndpoint(RED: NodeRedApi): void {
  RED.httpAdmin.get(LOCK_LIST_PATH, RED.auth.needsPermission('tedee-lock.read'), (req, res) => {
    const id = req.query.account ?? '';
    const account = id ? (RED.nodes.getNode(id) as AccountNode | null) : null;
    if (!account?.hub) {
      res.status(404).json({ code: 'UNKNOWN_ACCOUNT', reason: 'account: not deployed yet; deploy it first' });
      return;
    }
    res.json({
      health: account.health(),
      locks: account.hub.locks().map(({ serialNumber, name, model }) => ({ serialNumber, name, model })),
    });
  });
}

class CommandNotConfirmed extends NodeInputError {
  constructor(
    readonly result: NodeMessage,
    outcome: CommandResult,
  ) {
    super(
      outcome.code ?? 'INTERNAL',
      `${outcome.command.action} ${outcome.outcome}: ${outcome.reason ?? ''}`,
    );
  }
}

function readAction(msg: NodeMessage): LockNodeAction {
  const raw = msg.action ?? msg.payload;
  const action = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if ((ACTIONS as readonly unknown[]).includes(action)) return action as LockNodeAction;
  throw new NodeInputError(
    'INVALID_ACTION',
    `msg.payload: ${JSON.stringify(raw)} is not an action; use one of ${ACTIONS.join(', ')} (or set msg.action)`,
  );
}

function readLock(msg: NodeMessage, chosen: string | undefined): string | number {
  const raw = msg.lock ?? chosen;
  if ((typeof raw === 'string' && raw.trim()) || typeof raw === 'number')
    return typeof raw === 'string' ? raw.trim() : raw;
  throw new NodeInputError(
    'INVALID_LOCK',
    'msg.lock: missing; pick a lock in the node or set msg.lock (serial number, name or id)',
  );
}

/**
 * `status` with no lock picked and no `msg.lock`: one state message per lock of the account, with `msg.parts`
 * as a split node sets them, so that a join node (automatic mode) gathers every door into one array.
 */
function everyLockState(hub: LockHub, msg: NodeMessage): NodeMessage[] {
  const locks = hub.locks();
  return locks.map((lock, index) => ({
    ...stateMessage(lock),
    _msgid: msg._msgid,
    parts: { id: msg._msgid, index, count: locks.length, type: 'array', len: 1 },
  }));
}

/** The state message: the lock's status as payload, its serial number and name beside. */
export function stateMessage(lock: Lock): NodeMessage {
  return {
    topic: lock.name,
    lock: lock.serialNumber,
    payload: { ...lock.status, available: lock.available, name: lock.name, serialNumber: lock.serialNumber },
  };
}

function resultMessage(msg: NodeMessage, result: CommandResult): NodeMessage {
  return {
    ...msg,
    payload: {
      action: result.command.action,
      outcome: result.outcome,
      ...(result.code ? { code: result.code } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.lock ? { state: result.lock.status.state } : {}),
    },
    outcome: result.outcome,
    code: result.code,
  };
}
