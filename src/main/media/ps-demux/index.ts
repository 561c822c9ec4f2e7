export * from './ps-demuxer';
export { probeVideoCodec } from './stream-probe';
