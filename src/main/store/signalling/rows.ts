// Table names of the signalling log (schema: migrations 4, 8-10, 13, 14 in store/sqlite/migrations.ts) and the stored row.

export const MESSAGE_TABLE = 'signalling_message';
export const TEXT_TABLE = 'signalling_text';
export const TOTALS_TABLE = 'signalling_totals';
export const KIND_TABLE = 'signalling_kind';
export const DEVICE_TABLE = 'signalling_device';
export const PENDING_TABLE = 'signalling_pending';
export const BLOCK_TABLE = 'signalling_block';
/** Per block: its templated messages' metadata, how many of its messages remain, its times. */
export const BLOCK_INFO_TABLE = 'signalling_block_info';
/** (group of ids, device): the blocks of the group holding templated messages of the device (device-blocks.ts). */
export const DEVICE_GROUP_TABLE = 'signalling_device_group';
/** (bucket, group of ids): one part of the group's filter of templated messages' Call-IDs (call-filter.ts). */
export const CALL_GROUP_TABLE = 'signalling_call_group';

/**
 * A message's filterable codes; everything else is read from the stored bytes. Ordinary messages have a row in
 * MESSAGE_TABLE; templated keepalives are described in their block's metadata (templated-meta.ts).
 */
export interface MessageRow {
  id: number;
  time: number;
  kind: number;
  device: number | null;
  size: number;
}

export const MESSAGE_COLUMNS = 'id, time, kind, device, size';
