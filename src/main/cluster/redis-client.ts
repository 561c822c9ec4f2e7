// One ioredis connection for the cluster. Connection trouble is logged once per outage in the installer's words
// (ioredis keeps reconnecting by itself); commands issued meanwhile wait in its offline queue.
import { Redis } from 'ioredis';

export interface RedisLog {
  warn(text: string): void;
  info(text: string): void;
}

export function connectRedis(url: string, log: RedisLog, role: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, retryStrategy: (times) => Math.min(times * 200, 2_000), lazyConnect: false });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn(`Redis at ${redactUrl(url)} (${role}) is unreachable: ${err.message}; retrying`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info(`Redis at ${redactUrl(url)} (${role}) is reachable again`);
  });
  return redis;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://?';
  }
}
