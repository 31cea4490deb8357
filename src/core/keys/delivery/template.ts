/**
 * A small safe template renderer: `{{name}}` placeholders from a fixed list, nothing else. No expressions, no
 * loops, no code: a template is text with holes. An unknown placeholder (a typo) is an error that names it,
 * so a message never goes out with "{{doorcod}}" in it. Escaping: the text part gets values as they are; the
 * HTML part escapes the values AND the template's own text, so a person's name or a template cannot inject
 * markup into an email (line breaks become <br>).
 */
import { DeliveryError } from './types.js';

export const PLACEHOLDERS = [
  'person.name',
  'person.email',
  'person.phone',
  'key.name',
  'key.id',
  'doorcode',
  'link',
  'validity',
  'doors',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplateValues = Record<Placeholder, string>;

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** The default message, in English. Lines whose placeholders are all empty are dropped (see render). */
export const DEFAULT_TEMPLATE: MessageTemplate = {
  subject: 'Your key: {{key.name}}',
  body: [
    'Hello {{person.name}},',
    '',
    'here is your key "{{key.name}}" for {{doors}}.',
    'Valid: {{validity}}',
    'Doorcode: {{doorcode}}',
    'Open with your phone: {{link}}',
    '',
    'Please keep this message private.',
  ].join('\n'),
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/** The placeholders a template uses that do not exist; empty when it is fine. */
export function unknownPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))].filter(
    (name) => !KNOWN.has(name),
  );
}

/** Throws TEMPLATE_INVALID naming the unknown placeholders and the allowed ones. */
export function checkTemplate(template: string, field = 'delivery.template'): void {
  const unknown = unknownPlaceholders(template);
  if (unknown.length === 0) return;
  throw new DeliveryError(
    'TEMPLATE_INVALID',
    `${field}: unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')} (allowed: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')})`,
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Fills the placeholders. A line that has placeholders and where every one of them is empty is left out
 * (a person without a doorcode gets no "Doorcode:" line). Values are inserted in one pass, so a value that
 * itself contains "{{...}}" is never expanded again.
 */
export function renderText(template: string, values: TemplateValues, field?: string): string {
  checkTemplate(template, field);
  return template
    .split('\n')
    .filter((line) => {
      const names = [...line.matchAll(PLACEHOLDER)].map((match) => match[1] as Placeholder);
      return names.length === 0 || names.some((name) => values[name] !== '');
    })
    .join('\n')
    .replace(PLACEHOLDER, (_match, name: string) => values[name as Placeholder]);
}

/** The HTML form of a rendered text: escaped, line breaks as <br>, links left as text (no markup injected). */
export function textToHtml(text: string): string {
  return `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>\n')}</p>`;
}
