// Media core: receive GB/T 28181 RTP (PS or raw H.264/H.265), demux to frames; and the sending side used by the
// device simulator (clips, PS muxer, RTP packetizers). Pure Node, no electron.
export * from './frame';
export * from './annexb';
export * from './h264';
export * from './h265';
export * from './clip';
export * from './ps-format';
export * from './ps-mux';
export * from './ps-demux';
export * from './rtp-packetize';
export * from './rtp';
export * from './raw-rtp';
export * from './pipeline';
