export * from './rtp-header';
export * from './jitter';
export * from './reorder-buffer';
export * from './rfc4571-deframer';
export * from './rtp-input';
export * from './udp-receiver';
export * from './tcp-receiver';
