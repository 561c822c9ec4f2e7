// How simulated devices and their catalog nodes are numbered (GB/T 28181 Annex D: centre 8 + industry 2 +
// type 3 + network 1 + serial 6). Device i gets the base ID's serial + i; its channels, business group and
// virtual organisations use the same domain with their own type codes and serials derived from i.

export interface IdPlan {
  /** The first device's 20-digit ID (e.g. 34020000001320000001). */
  base: string;
  channelsPerDevice: number;
}

const SERIAL_SPACE = 1_000_000;

function check(base: string): void {
  if (!/^\d{20}$/.test(base)) throw new Error(`--id-base must be a 20-digit GB ID; got "${base}"`);
}

function compose(base: string, type: string, serial: number): string {
  if (serial < 0 || serial >= SERIAL_SPACE) {
    throw new Error(`ID serial ${serial} does not fit 6 digits (base ${base}); use a lower --id-base serial or fewer devices/channels`);
  }
  return base.slice(0, 10) + type + base[13] + String(serial).padStart(6, '0');
}

/** The 20-digit ID of device `index` (0-based). */
export function deviceIdAt(base: string, index: number): string {
  check(base);
  return compose(base, base.slice(10, 13), Number(base.slice(14)) + index);
}

/** Channels are cameras (131), or IP cameras (132) when the device itself is typed 131. */
function channelType(base: string): string {
  return base.slice(10, 13) === '131' ? '132' : '131';
}

/** Channel `ch` (0-based) of device `index`; serials are packed so no two devices share one. */
export function channelIdAt(plan: IdPlan, index: number, ch: number): string {
  check(plan.base);
  const first = Number(plan.base.slice(14));
  return compose(plan.base, channelType(plan.base), first + index * plan.channelsPerDevice + ch);
}

/** The device's business group (215). */
export function businessGroupIdAt(base: string, index: number): string {
  check(base);
  return compose(base, '215', Number(base.slice(14)) + index);
}

/** Virtual organisation `k` (0 or 1) of device `index` (216). */
export function virtualOrgIdAt(base: string, index: number, k: number): string {
  check(base);
  return compose(base, '216', Number(base.slice(14)) + index * 2 + k);
}

/** Serials one fleet of `devices` uses up from its base (so a second fleet can start after them). */
export function serialsUsed(plan: IdPlan, devices: number): number {
  return devices * Math.max(2, plan.channelsPerDevice);
}

/** Largest device count a base allows before serials overflow, given channels per device. */
export function maxDevicesFor(plan: IdPlan): number {
  const first = Number(plan.base.slice(14));
  const perDevice = Math.max(1, plan.channelsPerDevice);
  return Math.max(0, Math.floor((SERIAL_SPACE - first) / Math.max(2, perDevice)));
}
