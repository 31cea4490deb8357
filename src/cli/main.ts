#!/usr/bin/env node
import { unsupportedNode } from '../util/nodeVersion.js';
import { processIo } from './io.js';

// Before anything that needs a newer Node.js is loaded: one clear line instead of a loader's stack trace.
const unsupported = unsupportedNode(process.versions.node);
if (unsupported) {
  process.stderr.write(`tedee-hub: ${unsupported}\n`);
  process.exit(1);
}
const { runCli } = await import('./index.js');

/** Longest wait for output still being written to a slow reader before the process exits. */
const FLUSH_WITHIN_MS = 500;

/** Resolves once what was written to `stream` has been handed to the system (or the stream is gone). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
// A command has returned: whatever is still open (a keep-alive socket, a request to a silent cloud, a late
// timer) must not keep the process alive, nor delay its end beyond its --timeout. It exits as soon as its
// output is written, at most FLUSH_WITHIN_MS later.
setTimeout(() => process.exit(), FLUSH_WITHIN_MS).unref();
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();
