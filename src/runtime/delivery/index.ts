/**
 * The delivery channels a configuration asks for: email when there is an `smtp` block, the webhook when
 * `delivery.webhook` is set. The `event` channel is the key service's (it owns the bus).
 */
import type { HubConfig } from '../../config/index.js';
import type { DeliveryChannel, MessageTemplate } from '../../core/keys/delivery/index.js';
import { checkTemplate } from '../../core/keys/delivery/index.js';
import type { Clock } from '../../util/clock.js';
import { createSmtpChannel } from './smtp.js';
import { createWebhookChannel } from './webhook.js';

export { createSmtpChannel, SMTP_TIMEOUT_MS } from './smtp.js';
export type { SmtpChannel } from './smtp.js';
export * from './webhook.js';

export interface DeliveryServices {
  channels: DeliveryChannel[];
  template: Partial<MessageTemplate>;
  close(): void;
}

/** Throws TEMPLATE_INVALID at start for a template with an unknown placeholder, not at the first key. */
export function createDeliveryChannels(config: HubConfig, clock?: Clock): DeliveryServices {
  const template: Partial<MessageTemplate> = {
    ...(config.delivery?.subject ? { subject: config.delivery.subject } : {}),
    ...(config.delivery?.template ? { body: config.delivery.template } : {}),
  };
  if (template.subject) checkTemplate(template.subject, 'delivery.subject');
  if (template.body) checkTemplate(template.body, 'delivery.template');
  const smtp = config.smtp ? createSmtpChannel(config.smtp) : undefined;
  const webhook = config.delivery?.webhook ? createWebhookChannel(config.delivery.webhook, clock) : undefined;
  return {
    channels: [smtp, webhook].filter((channel) => channel !== undefined),
    template,
    close: () => smtp?.close(),
  };
}
