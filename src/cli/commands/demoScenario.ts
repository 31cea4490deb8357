/**
 * Runs the scripted day (demoDay.ts): the emulated clock jumps to each scene, the scene acts on the house, and
 * the demo waits until every front end shows its effect (or SCENE_LIMIT_MS passes), saying what each showed.
 * The day jumps from scene to scene instead of running at a speed factor: Homebridge's hub polls in real time,
 * so each scene needs real seconds to be seen, however fast the emulated day would run (docs/demo.md).
 */
import type { RunningDemo } from './demoSession.js';
import type { Check, Scene, SceneView } from './demoDay.js';
import { sceneInstant, scriptedDay } from './demoDay.js';

/** The clock moves to a scene in steps of this much emulated time, each followed by STEP_PAUSE_MS of real time. */
const STEP_MS = 15 * 60_000;
const STEP_PAUSE_MS = 50;

/** Homebridge's hub polls every 10 s; a scene waits twice that and more for a loaded machine. */
const SCENE_LIMIT_MS = 30_000;

const STOPPED = Symbol('stopped');

type FrontEnd = 'mqtt' | 'hap' | 'api' | 'nodeRed';
const FRONT_END_NAMES: Record<FrontEnd, string> = {
  mqtt: 'MQTT',
  hap: 'HAP (Homebridge)',
  api: 'HTTP API events',
  nodeRed: 'Node-RED',
};

export interface SceneResult {
  scene: Scene;
  did: string;
  seen: Partial<Record<FrontEnd, string | undefined>>;
}

/** What the front ends show; the API's events and Node-RED's messages count from the scene's start. */
function sceneView(demo: RunningDemo, since: () => { api: number; nodeRed: number }): SceneView {
  const { mqtt, hap, api } = demo.witnesses;
  return {
    mqtt: (slug) => {
      const text = mqtt.retained.get(`tedee/${slug}`);
      return {
        state: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        availability: mqtt.retained.get(`tedee/${slug}/availability`),
      };
    },
    hap: hap ? (name) => hap.latest().get(name) : undefined,
    apiEvents: () => api.events.slice(since().api),
    nodeRed: demo.nodeRed
      ? () =>
          mqtt.nodeRed
            .slice(since().nodeRed)
            .map(({ topic, text }) => ({ topic, payload: JSON.parse(text) as Record<string, unknown> }))
      : undefined,
  };
}

async function seenBy(checks: [FrontEnd, Check][], view: SceneView, stopped: () => boolean) {
  const seen: Partial<Record<FrontEnd, string | undefined>> = {};
  const deadline = Date.now() + SCENE_LIMIT_MS;
  while (!stopped()) {
    for (const [frontEnd, check] of checks) seen[frontEnd] ??= check(view);
    if (checks.every(([frontEnd]) => seen[frontEnd]) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return seen;
}

/**
 * Moves the emulated clock to `at` in steps. One jump over hours would fire every timer armed within it at once
 * (the emulator's jump semantics, docs/emulator.md): the key service's reconcile and the hub's retries would
 * spend an hour's request budget in a moment. Steps let each loop run once per step, as it would in real time.
 */
async function moveClockTo(demo: RunningDemo, at: number, stopped: () => boolean): Promise<void> {
  for (let now = (await demo.control.time()).now; now < at && !stopped();) {
    now = (await demo.control.setTime({ advanceMs: Math.min(STEP_MS, at - now) })).now;
    await new Promise((resolve) => setTimeout(resolve, STEP_PAUSE_MS));
  }
}

export async function runScenario(
  demo: RunningDemo,
  stopRequest: Promise<string>,
  say: (line: string) => void,
): Promise<SceneResult[]> {
  let stopped = false;
  // A scene may wait long (a PIN write the cloud holds back); Ctrl-C must not wait for it.
  const stop = stopRequest.then(() => {
    stopped = true;
    return STOPPED;
  });
  const keys = (await demo.services.keys)!.api;
  const scenes = scriptedDay({ control: demo.control, keys, now: (await demo.control.time()).now });
  let sceneStart = { api: 0, nodeRed: 0 };
  const view = sceneView(demo, () => sceneStart);
  const frontEnds = frontEndsOf(demo);
  const results: SceneResult[] = [];
  say('');
  say(`A scripted day at the house (${scenes[0]!.at.slice(0, 10)}, the weekend the clocks change):`);
  for (const scene of scenes) {
    if (stopped) break;
    await moveClockTo(demo, sceneInstant(scene), () => stopped);
    say(`${scene.at.replace('T', ' ')}  ${scene.title}`);
    sceneStart = { api: demo.witnesses.api.events.length, nodeRed: demo.witnesses.mqtt.nodeRed.length };
    const did = await Promise.race([scene.act(), stop]);
    if (typeof did !== 'string') break;
    say(`      at the house: ${did}`);
    const checks = frontEnds.flatMap((frontEnd) => {
      const check = scene.expect[frontEnd];
      return check ? [[frontEnd, check] as [FrontEnd, Check]] : [];
    });
    const seen = await seenBy(checks, view, () => stopped);
    for (const [frontEnd] of checks)
      say(
        `      ${FRONT_END_NAMES[frontEnd]}: ${seen[frontEnd] ?? `not seen within ${SCENE_LIMIT_MS / 1000} s`}`,
      );
    results.push({ scene, did, seen });
  }
  return results;
}

/** The --once summary: per front end, how many of the scenes it was expected to show it did show. */
export function scenarioSummary(results: SceneResult[], frontEnds: FrontEnd[]): string[] {
  const lines = ['', 'What each front end saw:'];
  for (const frontEnd of frontEnds) {
    const expected = results.filter((result) => result.scene.expect[frontEnd]);
    const seen = expected.filter((result) => result.seen[frontEnd]);
    lines.push(`  ${FRONT_END_NAMES[frontEnd]}: ${seen.length} of ${expected.length} scenes`);
    for (const result of expected.filter((candidate) => !candidate.seen[frontEnd]))
      lines.push(`    missed: ${result.scene.at.replace('T', ' ')} ${result.scene.title}`);
  }
  return lines;
}

export function frontEndsOf(demo: RunningDemo): FrontEnd[] {
  return [
    'mqtt',
    ...(demo.witnesses.hap ? (['hap'] as const) : []),
    ...(demo.nodeRed ? (['nodeRed'] as const) : []),
    'api',
  ];
}
