// Table names of the signalling log (schema: migration 4 in store/sqlite/migrations.ts) and the stored row.

export const MESSAGE_TABLE = 'signalling_message';
export const TEXT_TABLE = 'signalling_text';
export const TOTALS_TABLE = 'signalling_totals';
export const KIND_TABLE = 'signalling_kind';
export const DEVICE_TABLE = 'signalling_device';
export const PENDING_TABLE = 'signalling_pending';
export const BLOCK_TABLE = 'signalling_block';

/** One message row: the filterable codes only; everything else is read from the stored bytes. */
export interface MessageRow {
  id: number;
  time: number;
  kind: number;
  device: number | null;
  size: number;
}

export const MESSAGE_COLUMNS = 'id, time, kind, device, size';
