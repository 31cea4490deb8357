/**
 * Which key node sends a `delivery` (docs/node-red.md "Deliveries"): the node whose action caused it
 * (issue, update, replace-code, resend), or, when no node is acting on the key (a waiting door came back and
 * the key service finished it on its own), the node that issued the key. Exactly one node, so a flow that
 * emails the code never sends it twice; a delivery of a key issued elsewhere (the CLI) with no node acting on
 * it goes to no node.
 */
import type { KeyServiceApi } from '../core/index.js';
import type { Delivery } from '../core/keys/delivery/index.js';

/** The issuer the key nodes write in a key's `createdBy`: "node-red:<node id>". */
export function nodeIssuer(nodeId: string): string {
  return `node-red:${nodeId}`;
}

export class DeliveryRouter {
  private readonly listeners = new Map<string, (delivery: Delivery) => void>();
  /** Key id → the node running an action on it now. */
  private readonly acting = new Map<string, string>();

  constructor(private readonly service: () => KeyServiceApi | undefined) {}

  /** The deliveries meant for `nodeId`; returns the unsubscribe function. */
  listen(nodeId: string, listener: (delivery: Delivery) => void): () => void {
    this.listeners.set(nodeId, listener);
    return () => {
      if (this.listeners.get(nodeId) === listener) this.listeners.delete(nodeId);
    };
  }

  /** Runs `work` (an action of `nodeId` on key `keyId`): the deliveries it causes go to that node. */
  async actingOn<T>(keyId: string, nodeId: string, work: () => Promise<T>): Promise<T> {
    this.acting.set(keyId, nodeId);
    try {
      return await work();
    } finally {
      if (this.acting.get(keyId) === nodeId) this.acting.delete(keyId);
    }
  }

  route(delivery: Delivery): void {
    const target = this.acting.get(delivery.key.id) ?? this.issuingNode(delivery.key.id);
    if (target) this.listeners.get(target)?.(delivery);
  }

  private issuingNode(keyId: string): string | undefined {
    try {
      const issuer = this.service()?.show(keyId).createdBy.issuer;
      const prefix = nodeIssuer('');
      return issuer?.startsWith(prefix) ? issuer.slice(prefix.length) : undefined;
    } catch {
      return undefined;
    }
  }
}
