/**
 * Builds the delivery of one person of a key: the values the template may use, the rendered message, and
 * the credentials in clear. Pure: the key service calls it when all of the person's doors are `set`.
 */
import type { Key } from '../model.js';
import type { MessageTemplate, TemplateValues } from './template.js';
import { DEFAULT_TEMPLATE, renderText, textToHtml } from './template.js';
import type { Delivery } from './types.js';
import { formatValidity } from './validity.js';

export interface BuildDeliveryOptions {
  /** Door names by lock id; a door without a name shows as "door <id>". */
  doorNames?: ReadonlyMap<number, string>;
  template?: Partial<MessageTemplate>;
  locale?: string;
}

export function buildDelivery(key: Key, personIndex: number, options: BuildDeliveryOptions = {}): Delivery {
  const person = key.persons[personIndex];
  if (!person) throw new RangeError(`key ${key.id} has no person ${personIndex}`);
  const validity = formatValidity(key.schedule, options.locale);
  const doors = key.doors.map((id) => options.doorNames?.get(id) ?? `door ${id}`);
  const values: TemplateValues = {
    'person.name': person.name,
    'person.email': person.email ?? '',
    'person.phone': person.phone ?? '',
    'key.name': key.name,
    'key.id': key.id,
    doorcode: person.doorcode ?? '',
    link: person.link ?? '',
    validity: validity.text,
    doors: doors.join(', '),
  };
  const template = { ...DEFAULT_TEMPLATE, ...options.template };
  // The subject is one line: a line break in it would be a header injection in an email.
  const subject = renderText(template.subject, values, 'delivery.subject')
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const text = renderText(template.body, values, 'delivery.template');
  return {
    key: { id: key.id, name: key.name },
    personIndex,
    person: {
      name: person.name,
      ...(person.email ? { email: person.email } : {}),
      ...(person.phone ? { phone: person.phone } : {}),
    },
    ...(person.link ? { link: person.link } : {}),
    ...(person.doorcode ? { doorcode: person.doorcode } : {}),
    validity,
    doors,
    message: { subject, text, html: textToHtml(text) },
  };
}
