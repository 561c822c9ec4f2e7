// Header field names: compact forms and canonical spelling. Names are case-insensitive (RFC 3261 §7.3.1);
// we store the standard spelling for names we know and keep unknown names exactly as sent.

/** Single-letter compact forms: RFC 3261 §7.3.3 plus the later ones in the IANA header registry. */
const COMPACT: Record<string, string> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  o: 'Event', // RFC 6665
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events', // RFC 6665
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const KNOWN = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Allow-Events',
  'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact', 'Content-Disposition',
  'Content-Encoding', 'Content-Language', 'Content-Length', 'Content-Type', 'CSeq', 'Date', 'Error-Info',
  'Event', 'Expires', 'From', 'Identity', 'In-Reply-To', 'Max-Forwards', 'MIME-Version', 'Min-Expires',
  'Min-SE', 'Organization', 'P-Asserted-Identity', 'P-Preferred-Identity', 'Path', 'Priority', 'Privacy',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'RAck', 'Reason', 'Record-Route', 'Refer-To',
  'Referred-By', 'Reject-Contact', 'Replaces', 'Reply-To', 'Request-Disposition', 'Require', 'Retry-After',
  'Route', 'RSeq', 'Security-Client', 'Security-Server', 'Security-Verify', 'Server', 'Service-Route',
  'Session-Expires', 'SIP-ETag', 'SIP-If-Match', 'Subject', 'Subscription-State', 'Supported', 'Timestamp', 'To',
  'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
  // GB/T 28181-2022 Annex I, GB 35114
  'X-GB-Ver', 'Note', 'Monitor-User-Identification', 'X-Route-Path',
];

const CANONICAL = new Map<string, string>();
for (const name of KNOWN) CANONICAL.set(name.toLowerCase(), name);
for (const [short, long] of Object.entries(COMPACT)) CANONICAL.set(short, long);

export interface NameInfo {
  /** Standard spelling (compact forms expanded); unknown names as given. */
  canon: string;
  /** Lower-case comparison key. */
  key: string;
}

// Both answers are asked for every header line parsed and every field passed over in a lookup: remember them per
// spelling seen (bounded, so a peer inventing names cannot grow it), which also spares a toLowerCase per call.
const NAMES = new Map<string, NameInfo>();
const MAX_CACHED_NAMES = 2048;

export function headerNameInfo(name: string): NameInfo {
  let info = NAMES.get(name);
  if (info === undefined) {
    const lower = name.toLowerCase();
    const canon = CANONICAL.get(lower) ?? name;
    info = { canon, key: canon.toLowerCase() };
    if (NAMES.size < MAX_CACHED_NAMES) NAMES.set(name, info);
  }
  return info;
}

/** Canonical spelling of a header name: compact forms expanded, known names standard-cased, others as given. */
export function canonicalHeaderName(name: string): string {
  return usualName(name) ?? headerNameInfo(name).canon;
}

/**
 * The names nearly every GB28181 message spells canonically, answered by comparison without hashing the name for
 * the lookup table (every header line parsed asks). Each is its own canonical spelling; the constant is returned,
 * not the name given, which may be a slice keeping a whole message's text alive.
 */
function usualName(name: string): string | undefined {
  switch (name) {
    case 'Via':
      return 'Via';
    case 'From':
      return 'From';
    case 'To':
      return 'To';
    case 'Call-ID':
      return 'Call-ID';
    case 'CSeq':
      return 'CSeq';
    case 'Max-Forwards':
      return 'Max-Forwards';
    case 'Content-Type':
      return 'Content-Type';
    case 'Content-Length':
      return 'Content-Length';
    case 'Contact':
      return 'Contact';
    case 'Expires':
      return 'Expires';
    case 'User-Agent':
      return 'User-Agent';
    case 'Authorization':
      return 'Authorization';
    default:
      return undefined;
  }
}

/** For tests: the names usualName answers. */
export const USUAL_NAMES = ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Type', 'Content-Length', 'Contact', 'Expires', 'User-Agent', 'Authorization'];

/** Lower-case key used to compare header names (after compact-form expansion). */
export function headerKey(name: string): string {
  return headerNameInfo(name).key;
}

/**
 * Whether a field called `fieldName` is the header whose canonical spelling is `canon` and key `key`. Parsed and
 * built messages store canonical names, so most fields answer on the first comparison; only a field of the same
 * length (another case) or a one-letter compact name set by hand needs its key.
 */
export function isNamed(fieldName: string, canon: string, key: string): boolean {
  if (fieldName === canon) return true;
  if (fieldName.length === 1) return headerKey(fieldName) === key;
  // same length and the same first letter in any case, or it cannot be the same name (CSeq is not From)
  return fieldName.length === canon.length && (fieldName.charCodeAt(0) | 0x20) === (canon.charCodeAt(0) | 0x20) && headerKey(fieldName) === key;
}

/**
 * Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1): several values may share one line.
 * Not here: Date, the auth headers (their params contain commas), Subject, User-Agent, Server and unknown names.
 */
const LIST_HEADERS = new Set(
  [
    'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow', 'Allow-Events',
    'Call-Info', 'Contact', 'Content-Encoding', 'Content-Language', 'Error-Info', 'In-Reply-To',
    'P-Asserted-Identity', 'P-Preferred-Identity', 'Path', 'Proxy-Require', 'Reason', 'Record-Route',
    'Reject-Contact', 'Request-Disposition', 'Require', 'Route', 'Security-Client', 'Security-Server',
    'Security-Verify', 'Service-Route', 'Supported', 'Unsupported', 'Via', 'Warning',
  ].map((n) => n.toLowerCase()),
);

export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(headerKey(name));
}

/** Headers that identify the transaction and dialog; a second one makes the message ambiguous (RFC 3261 §8.1.1). */
export const SINGLE_VALUE_HEADERS = ['Call-ID', 'CSeq', 'From', 'To'] as const;
