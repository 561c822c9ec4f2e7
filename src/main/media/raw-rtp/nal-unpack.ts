/**
 * Receives the NAL unit bytes found in RTP payloads: `start(header...)` begins a NAL unit (the receiver writes a
 * start code and the header), `more(bytes)` continues it. Single NAL units are start + more.
 */
export interface NalSink {
  start(header: Uint8Array): void;
  more(bytes: Uint8Array): void;
  /** A fragment arrived without its start (lost), or a payload was malformed. */
  broken(): void;
}

export interface UnpackState {
  /** Inside a fragmented NAL unit whose start we have seen. */
  inFragment: boolean;
}

/** RFC 6184 payloads: single NAL unit (1-23), STAP-A (24), STAP-B (25), FU-A (28), FU-B (29). Never throws. */
export function unpackH264(p: Uint8Array, sink: NalSink, st: UnpackState): void {
  if (p.length < 1) return sink.broken();
  const type = p[0] & 0x1f;
  if (type >= 1 && type <= 23) {
    st.inFragment = false;
    sink.start(p.subarray(0, 1));
    sink.more(p.subarray(1));
    return;
  }
  if (type === 24 || type === 25) {
    st.inFragment = false;
    return unpackAggregate(p, type === 25 ? 3 : 1, 1, sink);
  }
  if (type === 28 || type === 29) {
    if (p.length < 2) return sink.broken();
    const fu = p[1];
    const skip = type === 29 && fu & 0x80 ? 4 : 2;
    if (fu & 0x80) {
      st.inFragment = true;
      sink.start(Uint8Array.of((p[0] & 0xe0) | (fu & 0x1f)));
    } else if (!st.inFragment) {
      return sink.broken();
    }
    sink.more(p.subarray(skip));
    if (fu & 0x40) st.inFragment = false;
    return;
  }
  sink.broken(); // MTAP (26, 27) and reserved types are not used by cameras
}

/** RFC 7798 payloads: single NAL unit, AP (48), FU (49); PACI (50) is skipped. DONL fields are not expected. */
export function unpackH265(p: Uint8Array, sink: NalSink, st: UnpackState): void {
  if (p.length < 3) return sink.broken();
  const type = (p[0] >> 1) & 0x3f;
  if (type === 48) {
    st.inFragment = false;
    return unpackAggregate(p, 2, 2, sink);
  }
  if (type === 49) {
    const fu = p[2];
    if (fu & 0x80) {
      st.inFragment = true;
      sink.start(Uint8Array.of((p[0] & 0x81) | ((fu & 0x3f) << 1), p[1]));
    } else if (!st.inFragment) {
      return sink.broken();
    }
    sink.more(p.subarray(3));
    if (fu & 0x40) st.inFragment = false;
    return;
  }
  if (type === 50) return;
  st.inFragment = false;
  sink.start(p.subarray(0, 2));
  sink.more(p.subarray(2));
}

/** Aggregation packets: after `skip` header bytes, 16-bit size + NAL unit, repeated. */
function unpackAggregate(p: Uint8Array, skip: number, headerBytes: number, sink: NalSink): void {
  let o = skip;
  while (o + 2 <= p.length) {
    const size = (p[o] << 8) | p[o + 1];
    o += 2;
    if (size < headerBytes || o + size > p.length) return sink.broken();
    sink.start(p.subarray(o, o + headerBytes));
    sink.more(p.subarray(o + headerBytes, o + size));
    o += size;
  }
}
