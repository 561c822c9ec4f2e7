// The console's view of registration problems: recorded failures plus the locks in force, and lifting them.
import type { RegistrationFailure } from '../../../shared/types/devices';
import type { FailureTracker } from './failures';
import { lockAsFailure } from './lock-text';
import type { RegistrationLockout } from './lockout';

/** Failures newest first, then one locked-out entry per lock in force (the later entry per device wins in lists keyed by device). */
export function registrationProblems(failures: FailureTracker, lockout: RegistrationLockout): RegistrationFailure[] {
  const now = lockout.now();
  return [...failures.list(), ...lockout.list().map((l) => lockAsFailure(l, now))];
}

/** Lifts what a problem entry stands for: a device ID's locks, or for "*@ip" entries the IP's. */
export function unlockFor(lockout: RegistrationLockout, deviceId: string): number {
  return deviceId.startsWith('*@') ? lockout.unlock({ ip: deviceId.slice(2) }) : lockout.unlock({ deviceId });
}
