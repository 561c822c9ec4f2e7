// A piece of a message kept after the message is handled (a device ID, a Contact, a Call-ID in a table). V8 makes
// a substring of 13 or more characters a view into the string it was cut from, so one such ID kept in a map holds
// the whole header text (about 500 bytes) for as long as the entry lives; and a string built with `+` stays a
// tree of its pieces. A kept string is copied into one flat string of its own.

/**
 * A flat copy of `s` that shares no storage with the text it came from. Joining two pieces of an array writes
 * them into one new sequential string (a JSON round trip does too, at about three times the cost).
 */
export function keptCopy(s: string): string {
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('');
}
