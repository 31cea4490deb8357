/**
 * A data folder restored without its modes (`cp -r` under umask 022: folders 0755, files 0644): at the next start
 * the store tightens `keys.db`, its WAL and shared memory, and `keys.secret` back to 0600, and a file the MQTT
 * mirror rewrites is 0600 again. The folders keep the mode they were given (docs/security.md, Known limits).
 */
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/core/keys/store.js';
import { JsonFile } from '../../src/mqtt/dataFile.js';
import { MemoryLogger } from '../../src/util/logger.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('a data folder restored without its modes', () => {
  it('gets its secret files back to 0600 at the next start; the folders keep their mode', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'security-restored-')), 'data');
    KeyStore.open({ dataDir }).close();
    const slugs = JsonFile.in<Record<string, string>>(dataDir, 'tedee', 'slugs', new MemoryLogger())!;
    slugs.write({ '20420103-000001': 'front_door' });
    for (const folder of [dataDir, join(dataDir, 'mqtt'), join(dataDir, 'mqtt', 'tedee')])
      chmodSync(folder, 0o755);
    for (const file of ['keys.db', 'keys.secret', 'mqtt/tedee/slugs.json'])
      chmodSync(join(dataDir, file), 0o644);

    const store = KeyStore.open({ dataDir });
    try {
      expect([mode(join(dataDir, 'keys.db')), mode(join(dataDir, 'keys.secret'))]).toEqual(['600', '600']);
      expect(mode(join(dataDir, 'keys.db-wal'))).toBe('600');
    } finally {
      store.close();
    }
    slugs.write({ '20420103-000001': 'front_door', '20420103-000002': 'back_door' });
    expect(mode(join(dataDir, 'mqtt', 'tedee', 'slugs.json'))).toBe('600');
    expect(mode(dataDir)).toBe('755');
  });
});
