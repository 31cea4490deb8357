/**
 * A Personal Access Key looks like `<prefix>.<secret>`. Only the prefix (the text before the dot, at most
 * 8 characters) may ever be shown. A key without a dot shows its first 4 characters at most.
 */
export function keyPrefix(key: string): string {
  const dot = key.indexOf('.');
  if (dot >= 0) return key.slice(0, Math.min(dot, 8));
  return key.slice(0, Math.min(4, Math.floor(key.length / 4)));
}

/** How a key is shown in logs, errors and output: its prefix followed by a mask. */
export function maskKey(key: string): string {
  return `${keyPrefix(key)}.***`;
}
