/**
 * A stream between a socket and an MQTT parser that refuses any packet larger than a limit before it is held
 * in memory: the fixed header says how long a packet is, so only the header (and, for a PUBLISH, its topic)
 * is read (a topic is at most 64 KiB); then the owner is told and the connection is dropped. Packets within the limit pass unchanged.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

export interface OversizePacket {
  /** MQTT control packet type (3 is PUBLISH). */
  type: number;
  /** The topic of a PUBLISH, when it could be read. */
  topic?: string;
  /** The packet's remaining length as its header announces it. */
  bytes: number;
}

const PUBLISH = 3;

export class PacketSizeGuard extends Transform {
  private header: number[] = [];
  /** Bytes of the current packet still to pass through. */
  private passing = 0;
  /** The packet being refused: its start, collected until the topic is known. */
  private refusing: { type: number; bytes: number; head: Buffer } | undefined;
  private done = false;

  constructor(
    private readonly limit: number,
    private readonly onOversize: (packet: OversizePacket) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let offset = 0;
    while (offset < chunk.length && !this.done) {
      if (this.passing > 0) {
        const length = Math.min(this.passing, chunk.length - offset);
        this.push(chunk.subarray(offset, offset + length));
        offset += length;
        this.passing -= length;
      } else if (this.refusing) {
        offset = this.collectTopic(chunk, offset);
      } else {
        this.readHeaderByte(chunk[offset++]!);
      }
    }
    callback();
  }

  private readHeaderByte(byte: number): void {
    this.header.push(byte);
    if (this.header.length === 1) return;
    const lengthBytes = this.header.slice(1);
    // Up to four length bytes, each with its continuation bit; a fifth is malformed and left to the parser.
    if (byte & 0x80 && lengthBytes.length < 4) return;
    const remaining = lengthBytes.reduce((sum, value, index) => sum + (value & 0x7f) * 128 ** index, 0);
    const first = this.header[0]!;
    const type = first >> 4;
    this.header = [];
    if (remaining <= this.limit) {
      this.push(Buffer.from([first, ...lengthBytes]));
      this.passing = remaining;
      return;
    }
    this.refusing = { type, bytes: remaining, head: Buffer.alloc(0) };
    if (type !== PUBLISH) this.refuse(undefined);
  }

  private collectTopic(chunk: Buffer, offset: number): number {
    const refusing = this.refusing!;
    const wanted = refusing.head.length < 2 ? 2 : 2 + refusing.head.readUInt16BE(0);
    const take = Math.min(wanted - refusing.head.length, chunk.length - offset);
    refusing.head = Buffer.concat([refusing.head, chunk.subarray(offset, offset + take)]);
    const { head } = refusing;
    if (head.length >= 2 && head.length === 2 + head.readUInt16BE(0))
      this.refuse(head.subarray(2).toString('utf8'));
    return offset + take;
  }

  private refuse(topic: string | undefined): void {
    const { type, bytes } = this.refusing!;
    this.done = true;
    this.refusing = undefined;
    this.onOversize({ type, bytes, ...(topic === undefined ? {} : { topic }) });
  }
}
