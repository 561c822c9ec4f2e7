// The keepalive interval and count a device is held to (offline after interval x count without a sign of
// life, GB/T 28181 §9.6.1), from the first source that has one: the installer's setting for the device, the
// device's BasicParam answer (A.2.3.2.1), the interval learned from its keepalives, the console's default.
import type { KeepaliveSource } from '../../../shared/types/devices';

export interface KeepaliveFigures {
  heartbeatSec: number | null;
  heartbeatCount: number | null;
  basicParamSec: number | null;
  basicParamCount: number | null;
  learnedSec: number | null;
}

export interface KeepaliveDefaults {
  intervalSec: number;
  count: number;
}

export interface KeepaliveInUse {
  intervalSec: number;
  count: number;
  /** Where the interval comes from. */
  source: KeepaliveSource;
}

export function keepaliveInUse(f: KeepaliveFigures, defaults: KeepaliveDefaults): KeepaliveInUse {
  const count = f.heartbeatCount ?? f.basicParamCount ?? defaults.count;
  if (f.heartbeatSec !== null) return { intervalSec: f.heartbeatSec, count, source: 'installer' };
  if (f.basicParamSec !== null) return { intervalSec: f.basicParamSec, count, source: 'basic-param' };
  if (f.learnedSec !== null) return { intervalSec: f.learnedSec, count, source: 'learned' };
  return { intervalSec: defaults.intervalSec, count, source: 'default' };
}
