// Installer-readable log lines: one sentence each, printed with local time and kept in a small ring
// so the console can show recent problems.
import { createLinePrinter, type LinePrinter, type LinePrinterOptions } from './line-printer';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  time: number;
  level: LogLevel;
  message: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  recent(): LogEntry[];
}

export function createLogger(options: { print?: boolean; printer?: LinePrinterOptions; capacity?: number; sink?: (e: LogEntry) => void } = {}): Logger {
  const capacity = options.capacity ?? 500;
  const ring: LogEntry[] = [];
  const printer: LinePrinter | null = options.print ? createLinePrinter(options.printer) : null;
  const write = (level: LogLevel, message: string) => {
    const entry = { time: Date.now(), level, message };
    ring.push(entry);
    if (ring.length > capacity) ring.shift();
    options.sink?.(entry);
    printer?.print(entry.time, level, message, level !== 'info');
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    recent: () => ring.slice(),
  };
}
