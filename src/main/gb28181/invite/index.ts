export * from './media-ip';
export * from './live-invite';
export * from './live-answer';
export * from './live-call';
export * from './texts';
export * from './history-invite';
