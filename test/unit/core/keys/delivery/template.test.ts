import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  DeliveryError,
  buildDelivery,
  checkTemplate,
  renderText,
} from '../../../../../src/core/keys/delivery/index.js';
import type { TemplateValues } from '../../../../../src/core/keys/delivery/index.js';
import { sampleDoorNames, sampleKey } from '../../../../helpers/keys.js';

const values: TemplateValues = {
  'person.name': 'Anna',
  'person.email': '',
  'person.phone': '',
  'key.name': 'Stay',
  'key.id': 'key-1',
  doorcode: '384756',
  link: '',
  validity: 'always',
  doors: 'Front door',
};

describe('the template renderer', () => {
  it('fills placeholders, with or without spaces inside the braces', () => {
    expect(renderText('Hi {{person.name}}, code {{ doorcode }}.', values)).toBe('Hi Anna, code 384756.');
  });

  it('refuses unknown placeholders, naming each one and the allowed ones', () => {
    let thrown: unknown;
    try {
      checkTemplate('Hi {{person.nme}} {{doorcod}} {{person.nme}}');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DeliveryError);
    expect(thrown).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect((thrown as Error).message).toBe(
      'delivery.template: unknown placeholder {{person.nme}}, {{doorcod}} (allowed: {{person.name}}, {{person.email}}, {{person.phone}}, {{key.name}}, {{key.id}}, {{doorcode}}, {{link}}, {{validity}}, {{doors}})',
    );
  });

  it('runs no code: an expression is just an unknown placeholder', () => {
    expect(() => renderText('{{constructor.constructor("return process")()}}', values)).toThrow(
      /unknown placeholder \{\{constructor\.constructor\("return process"\)\(\)\}\}/,
    );
    expect(() => renderText('{{__proto__}}', values)).toThrow(/unknown placeholder \{\{__proto__\}\}/);
  });

  it('never expands a placeholder that a value brings in', () => {
    const sneaky = { ...values, 'person.name': '{{doorcode}}' };
    expect(renderText('Hi {{person.name}}', sneaky)).toBe('Hi {{doorcode}}');
  });

  it('drops a line whose placeholders are all empty, keeps plain lines', () => {
    expect(renderText('Code: {{doorcode}}\nLink: {{link}}\n\nBye', values)).toBe('Code: 384756\n\nBye');
  });
});

describe('buildDelivery', () => {
  it('renders the default English message with the code, the link, the validity and the doors', () => {
    const delivery = buildDelivery(sampleKey(), 0, { doorNames: sampleDoorNames });
    expect(delivery).toMatchObject({
      key: { id: 'key-1', name: 'Apartment 3, stay 11-14 Jan' },
      personIndex: 0,
      person: { name: 'Anna Kowalska', email: 'anna@example.com', phone: '+48 600 100 200' },
      doorcode: '384756',
      link: 'https://links.example/k/AbC123',
      doors: ['Front door', 'Apartment 3'],
      validity: { timeZone: 'Europe/Warsaw', from: '2027-01-11T15:00:00.000+01:00' },
    });
    expect(delivery.message.subject).toBe('Your key: Apartment 3, stay 11-14 Jan');
    expect(delivery.message.text).toBe(
      [
        'Hello Anna Kowalska,',
        '',
        'here is your key "Apartment 3, stay 11-14 Jan" for Front door, Apartment 3.',
        'Valid: Mon 11 Jan 2027 15:00 – Thu 14 Jan 2027 11:00 (Europe/Warsaw), Mon–Fri 09:00–17:00',
        'Doorcode: 384756',
        'Open with your phone: https://links.example/k/AbC123',
        '',
        'Please keep this message private.',
      ].join('\n'),
    );
    expect(DEFAULT_TEMPLATE.body).toContain('{{doorcode}}');
  });

  it('escapes values and template text in the HTML part, not in the text part', () => {
    const key = sampleKey();
    key.persons[0]!.name = '<script>alert("x")</script> & Co';
    const delivery = buildDelivery(key, 0, { template: { body: '<b>{{person.name}}</b> {{doorcode}}' } });
    expect(delivery.message.text).toBe('<b><script>alert("x")</script> & Co</b> 384756');
    expect(delivery.message.html).toBe(
      '<p>&lt;b&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&lt;/b&gt; 384756</p>',
    );
  });

  it('keeps the subject on one line (no header injection) and names a door without a name by id', () => {
    const key = sampleKey({ name: 'Stay\r\nBcc: evil@example.com' });
    const delivery = buildDelivery(key, 0);
    expect(delivery.message.subject).toBe('Your key: Stay Bcc: evil@example.com');
    expect(delivery.doors).toEqual(['door 101', 'door 102']);
  });

  it('says which field holds a bad subject', () => {
    expect(() => buildDelivery(sampleKey(), 0, { template: { subject: '{{code}}' } })).toThrow(
      /^delivery\.subject: unknown placeholder \{\{code\}\}/,
    );
  });
});
