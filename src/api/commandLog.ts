/**
 * The lock commands sent through the API, so that `GET /api/v1/commands/{id}` can say how one ended after the
 * 202. Bounded: the oldest are forgotten past MAX_COMMANDS (the event stream carries every outcome as well).
 */
import type { CommandInfo, CommandResult, CommandTicket } from '../core/index.js';

const MAX_COMMANDS = 1000;

export interface CommandView {
  command: CommandInfo;
  /** `pending` until the outcome arrives. */
  status: 'pending' | 'finished';
  outcome?: CommandResult['outcome'];
  code?: string;
  reason?: string;
  /** The lock's state after the command. */
  state?: string;
}

export class CommandLog {
  private readonly commands = new Map<string, CommandView>();

  add(ticket: CommandTicket, requestedAt: string): CommandView {
    const known = this.commands.get(ticket.id);
    if (known) return known;
    const view: CommandView = {
      command: { id: ticket.id, lockId: ticket.lockId, action: ticket.action, requestedAt },
      status: 'pending',
    };
    this.commands.set(ticket.id, view);
    while (this.commands.size > MAX_COMMANDS) this.commands.delete(this.commands.keys().next().value!);
    // The ticket's result never rejects (CommandTicket.result).
    void ticket.result.then((result) => Object.assign(view, finished(result)));
    return view;
  }

  get(id: string): CommandView | undefined {
    return this.commands.get(id);
  }
}

function finished(result: CommandResult): Partial<CommandView> {
  return {
    command: result.command,
    status: 'finished',
    outcome: result.outcome,
    ...(result.code ? { code: result.code } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.lock ? { state: result.lock.status.state } : {}),
  };
}
