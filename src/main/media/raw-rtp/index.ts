export * from './raw-rtp-depacketizer';
export * from './raw-rtp-packetizer';
export { unpackH264, unpackH265 } from './nal-unpack';
