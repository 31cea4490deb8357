/**
 * The Homebridge log as the plugin and its hub write to it: every line with its control characters escaped
 * (src/util/printable.ts). Lock names come from the cloud; one with "\n" or an ANSI escape in it must not forge a
 * separate log line or recolour the terminal. Escaping at this one place covers the plugin's own lines and those of
 * the hub and MQTT, which log through it.
 */
import type { Logging, LogLevel } from 'homebridge';
import { printable } from '../util/printable.js';

function escaped(parameters: unknown[]): unknown[] {
  return parameters.map((parameter) => (typeof parameter === 'string' ? printable(parameter) : parameter));
}

export function printableLog(log: Logging): Logging {
  const wrapped = ((message: string, ...parameters: unknown[]) =>
    log(printable(message), ...escaped(parameters))) as Logging;
  for (const level of ['info', 'success', 'warn', 'error', 'debug'] as const)
    wrapped[level] = (message: string, ...parameters: unknown[]) =>
      log[level](printable(message), ...escaped(parameters));
  wrapped.log = (level: LogLevel, message: string, ...parameters: unknown[]) =>
    log.log(level, printable(message), ...escaped(parameters));
  Object.defineProperty(wrapped, 'prefix', { get: () => log.prefix, enumerable: true });
  return wrapped;
}
