/** The Node-RED editor's websocket (`/comms`), as the editor reads debug messages and node statuses from it. */

/** One message a debug node showed in the editor's sidebar. */
export interface DebugMessage {
  /** The debug node's id. */
  id: string;
  name?: string;
  /** The shown value: parsed when it was an object or array. */
  msg: unknown;
  format?: string;
}

export interface NodeStatus {
  text?: string;
  fill?: string;
  shape?: string;
}

/** The editor's websocket: subscribes to debug messages and node statuses. */
export async function openComms(
  address: string,
  debug: DebugMessage[],
  statuses: Map<string, NodeStatus>,
): Promise<WebSocket> {
  const socket = new WebSocket(address);
  await new Promise<void>((done, fail) => {
    socket.addEventListener('open', () => done(), { once: true });
    socket.addEventListener('error', () => fail(new Error(`cannot open ${address}`)), { once: true });
  });
  socket.addEventListener('message', (event) => {
    const packets = JSON.parse(String(event.data)) as unknown;
    for (const packet of Array.isArray(packets) ? packets : [packets]) {
      const { topic, data } = packet as { topic?: string; data?: Record<string, unknown> };
      if (!topic || !data) continue;
      if (topic === 'debug') debug.push(debugMessage(data));
      else if (topic.startsWith('status/')) statuses.set(topic.slice('status/'.length), data);
    }
  });
  socket.send(JSON.stringify({ subscribe: 'debug' }));
  socket.send(JSON.stringify({ subscribe: 'status/#' }));
  return socket;
}

function debugMessage(data: Record<string, unknown>): DebugMessage {
  const format = typeof data.format === 'string' ? data.format : undefined;
  let msg: unknown = data.msg;
  if (typeof msg === 'string' && format && /^(Object|array)/i.test(format)) {
    try {
      msg = JSON.parse(msg);
    } catch {
      // Shown as text (a value too long for the sidebar is cut); kept as the string.
    }
  }
  return { id: String(data.id), name: data.name as string | undefined, msg, format };
}
