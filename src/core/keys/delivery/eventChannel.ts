/**
 * The `event` channel: the delivery goes on the hub's bus as a `delivery` event, the one event that carries
 * the doorcode in clear (Node-RED and MQTT pass it on). The key service gives the emitter.
 */
import type { Delivery, DeliveryChannel } from './types.js';

export function eventChannel(emit: (delivery: Delivery) => void): DeliveryChannel {
  return {
    name: 'event',
    send: (delivery) => {
      emit(delivery);
      return Promise.resolve();
    },
  };
}
