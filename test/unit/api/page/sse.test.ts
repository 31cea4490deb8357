/**
 * The Keys page's event-stream parser (src/api/page/assets/sse.js), fed the way fetch() delivers a body: in chunks that
 * split lines, CRLF pairs and characters anywhere.
 */
import { describe, expect, it } from 'vitest';

interface SseParser {
  push(chunk: string): void;
  end(): void;
}

// A browser module in plain JavaScript, without types: its shape is declared here.
const { createSseParser } = (await import(
  new URL('../../../../src/api/page/assets/sse.js', import.meta.url).href
)) as {
  createSseParser(onMessage: (message: Message) => void, onRetry: (ms: number) => void): SseParser;
};

interface Message {
  event: string;
  data: string;
  id?: string;
}

function parse(chunks: string[]) {
  const messages: Message[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    (message: Message) => messages.push(message),
    (ms: number) => retries.push(ms),
  );
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { messages, retries };
}

/** Every way of cutting `text` in two. */
function everySplit(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, at) => [text.slice(0, at), text.slice(at)]);
}

describe('createSseParser', () => {
  it('reads events with names, ids and JSON data', () => {
    const { messages } = parse(['id: 1\nevent: stateChanged\ndata: {"lock":{"id":1}}\n\n']);
    expect(messages).toEqual([{ event: 'stateChanged', data: '{"lock":{"id":1}}', id: '1' }]);
  });

  it('gives the same messages however the body is cut, with LF, CRLF or CR line ends', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const text = [
        'id: 7',
        'event: keyChanged',
        'data: a',
        'data: b',
        '',
        ': keep-alive',
        '',
        'data: c',
        '',
        '',
      ].join(end);
      const expected = [
        { event: 'keyChanged', data: 'a\nb', id: '7' },
        { event: 'message', data: 'c', id: '7' },
      ];
      for (const chunks of everySplit(text))
        expect(parse(chunks).messages, JSON.stringify(chunks)).toEqual(expected);
    }
  });

  it('keeps the last id for later messages, skips messages without data and ignores unknown fields', () => {
    const { messages } = parse(['id: 3\n\nfoo: bar\ndata\n\nevent: x\n\n']);
    expect(messages).toEqual([{ event: 'message', data: '', id: '3' }]);
  });

  it('reads retry only when it is digits, and strips one leading space and a BOM', () => {
    const { messages, retries } = parse(['\uFEFFretry: 2500\nretry: soon\ndata:  two spaces\n\n']);
    expect(retries).toEqual([2500]);
    expect(messages).toEqual([{ event: 'message', data: ' two spaces', id: undefined }]);
  });

  it('drops a message the stream ended in the middle of', () => {
    expect(parse(['data: whole\n\ndata: half\n']).messages).toEqual([
      { event: 'message', data: 'whole', id: undefined },
    ]);
  });
});
