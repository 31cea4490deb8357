import { describe, expect, it } from 'vitest';
import type { OversizePacket } from '../../../src/mqtt/packetGuard.js';
import { PacketSizeGuard } from '../../../src/mqtt/packetGuard.js';

function publish(topic: string, payload: Buffer): Buffer {
  const topicBytes = Buffer.from(topic);
  const remaining = 2 + topicBytes.length + payload.length;
  const length: number[] = [];
  for (let rest = remaining; rest > 0; rest = Math.floor(rest / 128))
    length.push((rest % 128) | (rest >= 128 ? 0x80 : 0));
  return Buffer.concat([
    Buffer.from([0x30, ...length, topicBytes.length >> 8, topicBytes.length & 0xff]),
    topicBytes,
    payload,
  ]);
}

/** Feeds `input` in chunks of `size` bytes; returns what passed and what was refused. */
function feed(limit: number, input: Buffer, size: number) {
  const refused: OversizePacket[] = [];
  const guard = new PacketSizeGuard(limit, (packet) => refused.push(packet));
  const passed: Buffer[] = [];
  guard.on('data', (chunk: Buffer) => passed.push(chunk));
  for (let offset = 0; offset < input.length; offset += size)
    guard.write(input.subarray(offset, offset + size));
  return { passed: Buffer.concat(passed), refused };
}

describe('PacketSizeGuard', () => {
  const small = Buffer.concat([
    publish('tedee/front_door/set', Buffer.from('LOCK')),
    publish('x', Buffer.alloc(300, 'b')),
    Buffer.from([0xc0, 0x00]), // PINGREQ
  ]);

  it.each([1, 2, 7, 1000])('passes packets within the limit unchanged, in chunks of %i bytes', (size) => {
    const { passed, refused } = feed(1024, small, size);
    expect(passed.equals(small)).toBe(true);
    expect(refused).toEqual([]);
  });

  it.each([1, 3, 64])(
    'refuses a larger PUBLISH after reading its topic, and passes nothing of it (chunks of %i bytes)',
    (size) => {
      const big = publish('tedee/front_door/set', Buffer.alloc(5000, 'a'));
      const { passed, refused } = feed(1024, Buffer.concat([small, big, small]), size);
      expect(passed.equals(small)).toBe(true);
      expect(refused).toEqual([{ type: 3, topic: 'tedee/front_door/set', bytes: 5000 + 22 }]);
    },
  );

  it('refuses another packet type over the limit without a topic', () => {
    const { refused } = feed(16, Buffer.from([0x82, 0x80, 0x01]), 1);
    expect(refused).toEqual([{ type: 8, bytes: 128 }]);
  });
});
