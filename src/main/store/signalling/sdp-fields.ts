// SDP split into its type=value lines (RFC 4566 §5), in order, for display field by field.

export interface SdpField {
  type: string;
  value: string;
}

export function sdpFields(text: string): SdpField[] {
  const fields: SdpField[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\0+$/, '');
    if (line.trim() === '') continue;
    const m = /^\s*([a-zA-Z])\s*=(.*)$/.exec(line);
    // A line that is not type=value is kept whole so nothing the device sent is hidden.
    fields.push(m ? { type: m[1], value: m[2] } : { type: '', value: line });
  }
  return fields;
}

export function looksLikeSdp(text: string): boolean {
  return /^\s*v=\d/.test(text);
}
