/** The WHERE conditions of a key list filter (KeyFilter), over `keys k` and its lookup tables. */
import type { KeyStatus } from './model.js';
import { likePattern } from './storeRecords.js';
import type { KeyFilter } from './storeTypes.js';

export function keyFilterSql(filter: KeyFilter): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const personMatch = `EXISTS (SELECT 1 FROM key_persons p WHERE p.key_id = k.id AND
    (p.name LIKE ? ESCAPE '\\' OR p.email LIKE ? ESCAPE '\\' OR p.phone LIKE ? ESCAPE '\\'))`;
  if (filter.status !== undefined) {
    const statuses: KeyStatus[] = Array.isArray(filter.status) ? filter.status : [filter.status];
    where.push(`k.status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...statuses);
  }
  if (filter.door !== undefined) {
    where.push('EXISTS (SELECT 1 FROM key_doors d WHERE d.key_id = k.id AND d.lock_id = ?)');
    params.push(filter.door);
  }
  if (filter.person !== undefined) {
    where.push(personMatch);
    params.push(...Array<string>(3).fill(likePattern(filter.person)));
  }
  if (filter.text !== undefined) {
    const pattern = likePattern(filter.text);
    where.push(
      `(k.name LIKE ? ESCAPE '\\' OR json_extract(k.document, '$.notes') LIKE ? ESCAPE '\\' OR ${personMatch})`,
    );
    params.push(...Array<string>(5).fill(pattern));
  }
  if (filter.profile !== undefined) {
    where.push("json_extract(k.document, '$.profile') = ?");
    params.push(filter.profile);
  }
  return { where, params };
}
