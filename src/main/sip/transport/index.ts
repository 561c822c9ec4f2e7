export * from './transport';
export * from './udp';
export * from './tcp';
export * from './memory';
export * from './layer';
export { stampReceived } from './via-stamp';
export * from './listen';
