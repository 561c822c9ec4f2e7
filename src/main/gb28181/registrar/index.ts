export * from './registrar';
export * from './failures';
export * from './lockout';
export * from './target';
export * from './expires';
export * from './gb-version';
export * from './ordinal';
