export * from './rtp-packetizer';
export * from './rfc4571';
