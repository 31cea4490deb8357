/**
 * The security review's tools: the secrets a scenario uses (needles), every text and file it saw (haystacks),
 * and the two checks: no needle in any haystack, and the hub's files 0600 in 0700 folders.
 *
 * A needle is the part of a secret that must never be shown: the text after the dot of a PAK (its prefix may
 * be), the secret part of an access key (its 8-character prefix may be; the store keeps the public part to find
 * the row, so files are searched for the secret part only), a doorcode in clear (`••••16` may be), passwords.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Needle {
  name: string;
  text: string;
}

/** Where a haystack came from, for the failure message. */
export interface Haystack {
  source: string;
  text: string;
}

/** The needles of a PAK `prefix.secret`: the secret part (a whole key contains it). */
export function pakNeedles(name: string, key: string): Needle[] {
  const secret = key.slice(key.indexOf('.') + 1);
  if (secret.length < 12) throw new Error(`${name}: too short to search for`);
  return [{ name, text: secret }];
}

/** The needles of an access key `tdk_<public>_<secret>`: the secret, and (outside the store) the public part. */
export function accessKeyNeedles(name: string, key: string, where: 'output' | 'file'): Needle[] {
  const match = /^tdk_([a-z2-7]{16})_([a-z2-7]{52})$/.exec(key);
  if (!match) throw new Error(`${name}: not an access key`);
  const needles = [{ name: `${name} (secret part)`, text: match[2]! }];
  if (where === 'output') needles.push({ name: `${name} (whole public part)`, text: match[1]! });
  return needles;
}

/** Every haystack that holds a needle, as `source: needle name` lines (an empty list is a pass). */
export function leaks(haystacks: Haystack[], needles: Needle[]): string[] {
  const found: string[] = [];
  for (const { source, text } of haystacks)
    for (const needle of needles) if (text.includes(needle.text)) found.push(`${source}: ${needle.name}`);
  return found;
}

/** Every file under `root`, read as raw bytes (latin1, so no byte is lost or merged), named relative to it. */
export function filesUnder(root: string, label = root): Haystack[] {
  const found: Haystack[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push({ source: `${label}/${relative(root, path)}`, text: readFileSync(path).toString('latin1') });
  }
  return found;
}

/**
 * Files and folders under `root` (and `root` itself) whose mode is not 0600 (files) or 0700 (folders), as
 * `path mode` lines; `skip` names paths (relative) that are not the hub's, such as the test's own config.
 */
export function wrongModes(root: string, skip: (path: string) => boolean = () => false): string[] {
  const wrong: string[] = [];
  const check = (path: string) => {
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    const expected = stat.isDirectory() ? 0o700 : 0o600;
    if (mode !== expected) wrong.push(`${relative(root, path) || '.'} ${mode.toString(8)}`);
  };
  check(root);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!skip(relative(root, path))) check(path);
  }
  return wrong;
}

/** Lines of text, each a haystack named `source[i]`. */
export function lines(source: string, texts: readonly string[]): Haystack[] {
  return texts.map((text, i) => ({ source: `${source}[${i}]`, text }));
}
