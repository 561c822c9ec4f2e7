// The signalling log: every SIP message sent or received, as stored and queried.

export interface LogFilter {
  deviceId?: string;
  /** SIP method (REGISTER, MESSAGE, ...) or MANSCDP CmdType (Keepalive, Catalog, ...). */
  method?: string;
  /** '1xx' .. '6xx' for responses, 'request' for requests. */
  statusClass?: '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | '6xx' | 'request';
  direction?: 'in' | 'out';
  /** Leaves out MANSCDP Keepalive MESSAGEs (their bodiless 200 OK answers stay: nothing in them says keepalive). */
  hideKeepalives?: boolean;
  /** Substring of the raw message text. */
  text?: string;
  /** Time range in ms since the epoch, inclusive. */
  from?: number;
  to?: number;
}

export interface LogQuery extends LogFilter {
  limit?: number;
  /** Return messages with an id below this (paging backwards from the newest). */
  before?: number;
}

export interface LogMessage {
  id: number;
  time: number;
  direction: 'in' | 'out';
  transport: 'UDP' | 'TCP';
  localAddress: string;
  peerAddress: string;
  /** Request method, or null for a response. */
  method: string | null;
  /** Response status, or null for a request. */
  status: number | null;
  /** Reason phrase of a response. */
  reason: string | null;
  callId: string | null;
  cseq: string | null;
  fromUser: string | null;
  toUser: string | null;
  deviceId: string | null;
  cmdType: string | null;
  sn: string | null;
  size: number;
}

export interface LogMessageDetail extends LogMessage {
  /** Full message text (body decoded from its charset). */
  text: string;
  body:
    | { kind: 'none' }
    | { kind: 'xml'; charset: string; pretty: string }
    | { kind: 'sdp'; fields: { type: string; value: string }[] }
    | { kind: 'text'; text: string };
}

export interface LogQueryResult {
  messages: LogMessage[];
  /** True when older messages match too (page with `before`). */
  hasMore: boolean;
  /**
   * Set when a query (a text search, or a filter on a cold cache) stopped at its time budget before filling the
   * page: messages older than this id were not searched yet; query again with before = searchedTo to go on.
   */
  searchedTo?: number;
  /** The stored time (ms since the epoch) of the message with id searchedTo: "no match since" that time. */
  searchedToTime?: number;
}

export interface LogExportResult {
  path: string;
  count: number;
}
