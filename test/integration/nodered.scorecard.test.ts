/**
 * The Flow Library scorecard rules (node-red-dev-cli `validate`: src/libs/checkpackage.js, checknodes.js,
 * checkdeps.js) that can be checked offline, against this checkout. Where a rule flags the package on purpose
 * (dependency count, Node version, scoped name), the README's "Flow Library scorecard" paragraph must give the
 * reason, as the scorecard's docs ask (D01: "this can be noted in the README").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../helpers/nodeRedExamples.js';

interface PackageJson {
  name: string;
  license?: string;
  repository?: { url: string };
  bugs?: unknown;
  keywords?: string[];
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  'node-red': { version?: string; nodes: Record<string, string> };
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
// semver as Node-RED itself resolves it (a dependency of node-red, which is a devDependency here).
const semver = createRequire(createRequire(import.meta.url).resolve('node-red/package.json'))('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};
const readme = readFileSync('README.md', 'utf8');
/** The README's "Flow Library scorecard" subsection of its "Node-RED" section. */
const scorecardSection =
  /^## Node-RED\n[\s\S]*?^### Flow Library scorecard\n([\s\S]*?)(?=^##? )/m.exec(readme)?.[1] ?? '';

function runtimeVersion(name: string): string {
  return (JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The node types each node's editor file registers, with their palette category (as checknodes.js reads them). */
function nodeDefinitions(): { type: string; category: string }[] {
  return Object.values(pkg['node-red'].nodes).flatMap((file) => {
    const html = readFileSync(file.replace(/\.js$/, '.html'), 'utf8');
    return [...html.matchAll(/registerType\(\s*'([^']+)'\s*,\s*\{[\s\S]*?category:\s*'([^']+)'/g)].map(
      ([, type, category]) => ({ type: type!, category: category! }),
    );
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('Flow Library scorecard, offline rules', () => {
  it('P01 license, P03 repository, P05 node-red keyword', () => {
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.keywords).toContain('node-red');
  });

  it('P04 name: a plain name that does not misuse the node-red prefix; unscoped, with the reason in the README', () => {
    expect(pkg.name).not.toMatch(/^(node-red|nodered)(?!-contrib-)/i);
    if (!pkg.name.startsWith('@')) expect(scorecardSection).toMatch(/\*\*Scoped name\.\*\*/);
  });

  it('P06 node-red.version is declared and Node-RED 4 and 5 satisfy it', () => {
    expect(pkg['node-red'].version).toBeDefined();
    for (const runtime of ['node-red', 'node-red-4']) {
      expect(semver.satisfies(runtimeVersion(runtime), pkg['node-red'].version!), runtime).toBe(true);
    }
  });

  it("P07 engines.node: Node-RED 5's minimum Node satisfies it, or the README says why not", () => {
    expect(pkg.engines?.node).toBeDefined();
    const nodeRed = JSON.parse(readFileSync('node_modules/node-red/package.json', 'utf8')) as {
      engines: { node: string };
    };
    const minimum = semver.minVersion(nodeRed.engines.node)!.version;
    if (!semver.satisfies(minimum, pkg.engines!.node!)) {
      expect(scorecardSection).toMatch(/\*\*Node version\.\*\*/);
      expect(scorecardSection).toContain(`\`${pkg.engines!.node!}\``);
    }
  });

  it('N02 every node that is not a config node appears in an example; examples/ holds only flows', () => {
    const definitions = nodeDefinitions();
    expect(definitions.map((definition) => definition.type).sort()).toEqual(
      Object.keys(pkg['node-red'].nodes).sort(),
    );
    // The scorecard reads every file under examples/ (subfolders too) as a flow; Node-RED lists them all.
    const files = filesUnder(EXAMPLES_DIR);
    expect(files.length).toBeGreaterThan(0);
    const used = new Set<string>();
    for (const file of files) {
      expect(file, 'a flow file').toMatch(/\.json$/);
      const flow = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      expect(Array.isArray(flow), `${file} is a flow (an array of nodes)`).toBe(true);
      for (const node of flow as { id?: unknown; type?: unknown }[]) {
        expect(
          typeof node.id === 'string' && typeof node.type === 'string',
          `${file}: a node with id and type`,
        ).toBe(true);
        used.add(node.type as string);
      }
    }
    const missing = definitions
      .filter((definition) => definition.category !== 'config' && !used.has(definition.type))
      .map((definition) => definition.type);
    expect(missing).toEqual([]);
  });

  it('D01 at most 6 dependencies, or the README gives the reason for each one', () => {
    const dependencies = Object.keys(pkg.dependencies ?? {});
    if (dependencies.length > 6) {
      expect(scorecardSection).toMatch(/\*\*Dependencies \(more than 6\)\.\*\*/);
      expect(scorecardSection).toContain(`${dependencies.length} runtime dependencies`);
      for (const name of dependencies) expect(scorecardSection, name).toContain(`\`${name}\``);
    }
  });

  it('D02 no incompatible package (agent-base before 6) in the runtime dependency tree', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    const bad = Object.entries(lock.packages).filter(
      ([path, entry]) =>
        !entry.dev &&
        path.endsWith('node_modules/agent-base') &&
        semver.satisfies(entry.version ?? '0.0.0', '<6.0.0'),
    );
    expect(bad).toEqual([]);
  });
});
