/**
 * The process-group leader of one demo child (Homebridge, Node-RED): `node demoGuard.js <command> [args...]`.
 *
 * The demo starts this in a process group of its own, so that Ctrl-C in the terminal reaches only the demo, which
 * then stops its children in order. The guard runs the real child in its group and ends the whole group (the
 * child and anything the child started) when the demo asks (SIGTERM), when the child ends, and when the demo
 * is gone without asking: its IPC channel closes even when the demo was killed with SIGKILL. So no child
 * outlives the demo, whatever way the demo ends. Plain Node (no imports of ours), so that it also runs from src/.
 */
import { spawn } from 'node:child_process';

/** How long the child may take to stop after SIGTERM before the group is killed. */
const STOP_GRACE_MS = 3000;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('demoGuard: no command to run\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function killGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // The group is already empty.
  }
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), STOP_GRACE_MS).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
child.on('error', (error) => {
  process.stderr.write(`demoGuard: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  const status = { code, signal };
  const done = () => {
    // Whatever the child started goes with it; the guard itself is in the group and ends here too.
    killGroup('SIGKILL');
    process.exit(code ?? 1);
  };
  if (process.connected) process.send?.({ exited: status }, done);
  else done();
});
