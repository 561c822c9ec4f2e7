export * from './md5-digest';
export * from './digest-header';
export * from './nonce';
export * from './challenge';
export * from './verify';
export * from './client';
export * from './nonce-use';
export * from './uri-match';
