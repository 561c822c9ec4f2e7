export * from './types';
export * from './device-repo';
export * from './channel-repo';
export * from './device-event-repo';
export * from './failure-repo';
export * from './device-store';
