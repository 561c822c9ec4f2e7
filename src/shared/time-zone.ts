// A device's time zone as the installer writes it: an IANA name ("Asia/Shanghai") or a fixed offset ("+08:00").
// The GB server reads the zone-less times in the device's MANSCDP bodies in it (gb28181/datetime).

import { serverText, type ServerText } from './texts';

const OFFSET = /^[+-](\d{2}):(\d{2})$/;

/** Why `zone` is not a time zone the console can use, in the installer's words; null when it is one. */
export function timeZoneProblem(zone: string): string | null {
  return timeZoneProblemText(zone)?.text ?? null;
}

/** The same as a code and parameters, for the console to word in its language. */
export function timeZoneProblemText(zone: string): ServerText | null {
  const shown = JSON.stringify(zone.slice(0, 40));
  const offset = OFFSET.exec(zone);
  if (offset) {
    const [h, m] = [Number(offset[1]), Number(offset[2])];
    if (h <= 14 && m < 60 && h * 60 + m <= 14 * 60) return null;
    return serverText('timeZone.offsetRange', { zone: shown }, `time zone offset ${shown} is out of range (-14:00 to +14:00)`);
  }
  if (zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) {
    return serverText('timeZone.malformed', { zone: shown }, `time zone ${shown} is neither a zone name such as Asia/Shanghai nor an offset such as +08:00`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return null;
  } catch {
    return serverText(
      'timeZone.unknown',
      { zone: shown },
      `time zone ${shown} is not a zone name this computer knows (e.g. Asia/Shanghai, Europe/London) nor an offset such as +08:00`,
    );
  }
}
