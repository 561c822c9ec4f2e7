// What a lock says: to the device (403 reason phrase), to the installer (log line, failure entry) and in the
// console's list of registration problems.
import type { RegistrationFailure } from '../../../shared/types/devices';
import type { Lock } from './lockout';

function secondsLeft(lock: Lock, now: number): number {
  return Math.max(1, Math.ceil((lock.until - now) / 1000));
}

/** The 403 reason phrase. */
export function lockPhrase(lock: Lock, now: number): string {
  const secs = secondsLeft(lock, now);
  switch (lock.scope) {
    case 'source':
      return `Too many failed registrations from ${lock.ip}; try again in ${secs} s`;
    case 'device-source':
      return `Too many wrong passwords from ${lock.address}; try again in ${secs} s`;
    case 'device':
      return `Too many wrong passwords for ${lock.deviceId}; try again in ${secs} s`;
  }
}

/** The installer's sentence for the lock. */
export function lockDetail(lock: Lock, now: number): string {
  const secs = secondsLeft(lock, now);
  switch (lock.scope) {
    case 'source':
      return `${lock.ip} is locked out for ${secs} s more after wrong passwords for ${lock.failures} different device IDs within a minute (devices already registered from there are not affected)`;
    case 'device-source':
      return `device ${lock.deviceId} at ${lock.address} is locked out for ${secs} s more after ${lock.failures} wrong passwords within a minute`;
    case 'device':
      return `device ${lock.deviceId} is locked out for ${secs} s more from addresses it has not registered from, after ${lock.failures} wrong passwords from such addresses within a minute`;
  }
}

/** A lock in force as an entry of the console's registration problems (reason locked-out, with its end). */
export function lockAsFailure(lock: Lock, now: number): RegistrationFailure {
  return {
    deviceId: lock.deviceId ?? `*@${lock.ip}`,
    address: lock.address ?? lock.ip ?? '',
    transport: 'UDP',
    reason: 'locked-out',
    message: `${lockDetail(lock, now)}; lift it in the console (registration.unlock) if this is a known device`,
    count: lock.failures,
    firstAt: now,
    lastAt: now,
    lockedUntil: lock.until,
    lock: { scope: lock.scope, ...(lock.deviceId ? { deviceId: lock.deviceId } : {}), ...(lock.ip ? { ip: lock.ip } : {}) },
  };
}
