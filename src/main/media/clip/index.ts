export * from './resources-dir';
export * from './load-clip';
