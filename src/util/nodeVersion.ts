/**
 * The Node.js versions the package runs on (package.json `engines`): 22.13 or later. The key store needs
 * `node:sqlite` without a flag, which Node 22.13 is the first LTS release to give; Node 20 is end-of-life.
 */
export const MINIMUM_NODE = { major: 22, minor: 13 } as const;

/** Why this Node.js version cannot run the package, or undefined when it can. */
export function unsupportedNode(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor >= MINIMUM_NODE.minor))
    return undefined;
  return (
    `Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} or later is needed (this is ${version}); ` +
    'install a current LTS release from nodejs.org.'
  );
}
