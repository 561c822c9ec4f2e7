// Resource limits for one SIP message. Over UDP a datagram cannot exceed them anyway; over TCP the
// framer enforces them before any bytes are buffered beyond them.

/** Largest message we accept, start line + headers + body. Larger: 513 Message Too Large. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Largest header section (start line to blank line). */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Largest Content-Length in a datagram. Larger: 413 Request Entity Too Large. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Default largest Content-Length over a stream transport: the MANSCDP limit (GB/T 28181), since NVRs and lower
 * platforms send catalogs of hundreds of channels in one MESSAGE over TCP. Larger: 413, and the body is skipped.
 */
export const MAX_STREAM_BODY_BYTES = 1024 * 1024;

/**
 * Most header fields (lines, after unfolding). More: 513 Message Too Large, not 400, because the message
 * may be well-formed; it exceeds what we are willing to process, which is what 513 reports (RFC 3261 §21.5.14).
 */
export const MAX_HEADER_FIELDS = 256;
