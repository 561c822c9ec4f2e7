export * from './ptz-cmd';
