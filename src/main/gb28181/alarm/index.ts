export * from './alarm-sink';
