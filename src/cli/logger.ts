import type { Logger } from '../util/logger.js';

export type LogFormat = 'text' | 'json';
export type LogLevel = keyof Logger;

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A logger that writes one line per message: readable text or JSON lines. */
export function lineLogger(
  write: (line: string) => void,
  format: LogFormat = 'text',
  minimum: LogLevel = 'info',
): Logger {
  const line = (level: LogLevel) => (message: string) => {
    if (ORDER.indexOf(level) < ORDER.indexOf(minimum)) return;
    const time = new Date().toISOString();
    write(
      format === 'json'
        ? JSON.stringify({ time, level, msg: message })
        : `${time} ${level.toUpperCase().padEnd(5)} ${message}`,
    );
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
