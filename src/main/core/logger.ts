import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Lines go to stderr so stdout stays for what the operator asked for (URLs, JSON). Details are redacted. */
export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: LogLevel) => (message: string, details?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const suffix = details && Object.keys(details).length > 0 ? ` ${JSON.stringify(redact(details))}` : '';
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${suffix}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
