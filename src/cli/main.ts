#!/usr/bin/env node
import { runCli } from './index.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
// A command has returned: whatever is still open (a keep-alive socket, a late timer) must not keep the
// process alive. Output already written still gets a moment to flush.
setTimeout(() => process.exit(), 500).unref();
