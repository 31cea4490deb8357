/**
 * Progress of multi-door work on stderr (stdout stays the answer, so --json output is parseable): one line
 * when the work starts, then one per change the key service reports (`keyChanged`), with each door's status.
 */
import type { CliIo } from '../io.js';
import type { KeySession } from './keySession.js';
import { keyView } from './keyOutput.js';

/** Starts reporting; returns the function that stops it. Work on one door says nothing until its answer. */
export function watchKeyProgress(session: KeySession, io: CliIo, doors: number): () => void {
  if (doors < 2) return () => undefined;
  io.err(`working on ${doors} doors...`);
  return session.hub.context.bus.on('keyChanged', ({ key, change }) => {
    const view = keyView(key, session.names);
    const states = view.doors.map((door) => `${door.name ?? door.lockId} ${door.status}`).join(', ');
    io.err(`${key.id} ${change}: ${states}`);
  });
}
