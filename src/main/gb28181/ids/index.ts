export * from './gb-id';
export * from './type-names';
export * from './validate';
