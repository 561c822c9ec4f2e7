export * from './ps-muxer';
