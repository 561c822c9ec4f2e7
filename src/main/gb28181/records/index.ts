export * from './record-merge';
export * from './record-search';
