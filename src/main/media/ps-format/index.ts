export * from './crc32-mpeg2';
export * from './stream-types';
export * from './timestamp';
export * from './start-codes';
