/**
 * The slice of the Node-RED runtime API these nodes use, typed here because Node-RED ships no types. Kept
 * small on purpose: what is not listed is not used.
 */
export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'dot' | 'ring';
  text?: string;
}

export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

/** One message, or one entry per output: a message, several (sent in order) or null. */
export type SendFunction = (msg: NodeMessage | (NodeMessage | NodeMessage[] | null)[]) => void;
export type DoneFunction = (error?: Error) => void;

export interface Node<Credentials = Record<string, string | undefined>> {
  id: string;
  name?: string;
  credentials: Credentials;
  on(event: 'input', listener: (msg: NodeMessage, send: SendFunction, done: DoneFunction) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send: SendFunction;
  status(status: NodeStatus): void;
  log(message: string): void;
  warn(message: string): void;
  error(message: string | Error, msg?: NodeMessage): void;
  debug(message: string): void;
}

export interface HttpRequest {
  body?: Record<string, unknown>;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
}

export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse, next?: () => void) => void;

export interface NodeRedApi {
  nodes: {
    createNode(node: object, config: object): void;
    registerType(
      type: string,
      constructor: (this: Node, config: never) => void,
      options?: { credentials?: Record<string, { type: 'text' | 'password' }> },
    ): void;
    getNode(id: string): unknown;
    getCredentials(id: string): Record<string, string | undefined> | undefined;
  };
  settings: { userDir?: string };
  httpAdmin: {
    get(path: string, ...handlers: HttpHandler[]): void;
    post(path: string, ...handlers: HttpHandler[]): void;
  };
  auth: { needsPermission(permission: string): HttpHandler };
}
