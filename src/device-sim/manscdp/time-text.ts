// The times a device writes, in the forms seen on the wire (GB asks for the padded one).
import { formatGbTime } from '../../main/gb28181/datetime';
import type { TimeFormat } from '../device/config';

const p2 = (n: number) => String(n).padStart(2, '0');

/** `d` as the device's wall clock in `zone` (default the host's), written in `format`. */
export function timeText(d: Date, format: TimeFormat = 'padded', zone?: string): string {
  const padded = formatGbTime(d, zone);
  switch (format) {
    case 'padded':
      return padded;
    case 'unpadded':
      return padded.replace(/^(\d{4})-0?(\d+)-0?(\d+)T0?(\d+):/, '$1-$2-$3T$4:');
    case 'millis':
      return `${padded}.${String(d.getMilliseconds()).padStart(3, '0')}`;
    case 'offset': {
      const min = Math.round((Date.parse(`${padded}Z`) - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
      const a = Math.abs(min);
      return `${padded}${min < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
    }
  }
}
