/**
 * The client's own overhead per request: the same GET /my/lock/sync sent N times through the client and N
 * times as a bare HTTP request (both keep-alive), against the local emulator. Overhead = client - bare.
 */
import { Agent, request } from 'node:http';
import { createTedeeClient } from '../dist/client/index.js';
import { startEmulator } from '../dist/emulator/index.js';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);

const REQUESTS = 2000;
const WARMUP = 200;

function bare(url: URL, key: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: `PersonalKey ${key}` } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

async function time(times: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function run(): Promise<void> {
  const emulator = await startEmulator({ locks: 10, requestsPerHour: 1_000_000 });
  try {
    const client = createTedeeClient({
      personalAccessKey: emulator.key,
      apiUrl: emulator.url,
      limitPerHour: 1_000_000,
    });
    const agent = new Agent({ keepAlive: true });
    const url = new URL('/api/v37/my/lock/sync', emulator.url);
    await time(WARMUP, () => client.syncLocks());
    await time(WARMUP, () => bare(url, emulator.key, agent));
    const viaClient = await time(REQUESTS, () => client.syncLocks());
    const viaBare = await time(REQUESTS, () => bare(url, emulator.key, agent));
    const figures = {
      requests: REQUESTS,
      clientMedianMs: round(percentile(viaClient, 50)),
      clientP99Ms: round(percentile(viaClient, 99)),
      bareMedianMs: round(percentile(viaBare, 50)),
      bareP99Ms: round(percentile(viaBare, 99)),
      overheadMedianMs: round(percentile(viaClient, 50) - percentile(viaBare, 50)),
      overheadP99Ms: round(percentile(viaClient, 99) - percentile(viaBare, 99)),
    };
    report('client overhead per request (GET /my/lock/sync, 10 locks, emulator on loopback)', figures);
    agent.destroy();
  } finally {
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
