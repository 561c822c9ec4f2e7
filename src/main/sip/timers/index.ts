export * from './timers';
export * from './clock';
