// GB/T 28181-2022 Annex I: X-GB-Ver. 1.0 (2011), 1.1, 2.0 (2016), 3.0 (2022); absent = 2016.

export const OUR_GB_VERSION = '3.0';

/** The X-GB-Ver for our answer: the device's own version, capped at ours; none when the device sent none. */
export function gbVersionReply(deviceVersion: string | undefined): string | undefined {
  const v = deviceVersion?.trim();
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) return OUR_GB_VERSION;
  return n > Number(OUR_GB_VERSION) ? OUR_GB_VERSION : v;
}
