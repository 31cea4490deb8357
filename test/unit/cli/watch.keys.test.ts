/** `tedee-hub watch` lines for the key service's events: never the doorcode or the magic link. */
import { describe, expect, it } from 'vitest';
import { eventLine } from '../../../src/cli/commands/watch.js';
import { buildDelivery } from '../../../src/core/keys/delivery/index.js';
import { maskKeyDoorcodes } from '../../../src/core/keys/masking.js';
import { sampleKey } from '../../helpers/keys.js';

const key = sampleKey();
const delivery = buildDelivery(key, 0);

describe('watch: key events', () => {
  it.each(['text', 'json'] as const)(
    'delivery (%s) names the key and person, without code or link',
    (format) => {
      const line = eventLine('delivery', delivery, format);
      expect(line).toContain(key.name);
      expect(line).toContain('Anna Kowalska');
      expect(line).not.toContain(key.persons[0]!.doorcode!);
      expect(line).not.toContain(key.persons[0]!.link!);
    },
  );

  it('keyChanged (text) names the key, the change and the status', () => {
    const line = eventLine('keyChanged', { key: maskKeyDoorcodes(key), change: 'issued' }, 'text');
    expect(line).toContain(`keyChanged ${key.name} (${key.id}) issued: active`);
  });
});
