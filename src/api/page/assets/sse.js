/**
 * A parser of the text/event-stream format (the HTML standard's "event stream interpretation"), fed with text
 * chunks as they arrive. The page reads the stream with fetch() rather than EventSource because EventSource
 * cannot send an Authorization header, and the access key must not go into the URL. Pure: no DOM, no fetch.
 */

/**
 * Returns `push(chunk)` and `end()`. Calls `onMessage({event, data, id})` for each complete message (a blank line
 * ends one; a message without data is not dispatched, as in EventSource), `onRetry(ms)` for a `retry:` field.
 * `id` is the last event id seen so far (it carries over to later messages, as the standard says).
 */
export function createSseParser(onMessage, onRetry = () => {}) {
  let buffer = '';
  let event = '';
  let data = [];
  let lastId;
  let firstChunk = true;
  let pendingLf = false;

  function dispatch() {
    if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n'), id: lastId });
    event = '';
    data = [];
  }

  function line(text) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // a comment, e.g. the server's keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }

  return {
    push(chunk) {
      buffer += chunk;
      if (firstChunk && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
        firstChunk = false;
      }
      // A line ends at CRLF, LF or CR. A CR that ends a chunk ends its line at once (the stream may stop there),
      // and an LF opening the next chunk is then the rest of that CRLF, not an empty line.
      if (pendingLf && buffer !== '') {
        if (buffer.startsWith('\n')) buffer = buffer.slice(1);
        pendingLf = false;
      }
      for (;;) {
        const match = /\r\n|\n|\r/.exec(buffer);
        if (!match) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (match[0] === '\r' && buffer === '') pendingLf = true;
      }
    },
    /** The stream ended: a message without its closing blank line is dropped, as the standard says. */
    end() {
      buffer = '';
      event = '';
      data = [];
    },
    get lastId() {
      return lastId;
    },
  };
}
