// The record is the registry's model (gb28181/devices/record.ts); the store persists it as it is.
export * from '../../gb28181/devices/record';
