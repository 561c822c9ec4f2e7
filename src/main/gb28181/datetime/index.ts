export * from './gb-time';
