export * from './stream-framer';
