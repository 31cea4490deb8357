/** The hub's logging port on a Node-RED node: lines go to the node's own log, so they carry its id. */
import type { Logger } from '../util/logger.js';
import type { Node } from './red.js';

export function nodeLogger(node: Pick<Node, 'debug' | 'log' | 'warn' | 'error'>): Logger {
  return {
    debug: (message) => node.debug(message),
    info: (message) => node.log(message),
    warn: (message) => node.warn(message),
    error: (message) => node.error(message),
  };
}
