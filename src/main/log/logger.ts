// Installer-readable log lines: one sentence each, printed with local time and kept in a small ring
// so the console can show recent problems.
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

export function createLogger(options: { print?: boolean; capacity?: number; sink?: (e: LogEntry) => void } = {}): Logger {
  const capacity = options.capacity ?? 500;
  const ring: LogEntry[] = [];
  const write = (level: LogLevel, message: string) => {
    const entry = { time: Date.now(), level, message };
    ring.push(entry);
    if (ring.length > capacity) ring.shift();
    options.sink?.(entry);
    if (options.print) {
      const line = `${new Date(entry.time).toLocaleTimeString()} ${level.toUpperCase().padEnd(5)} ${message}`;
      (level === 'info' ? console.log : console.error)(line);
    }
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    recent: () => ring.slice(),
  };
}
