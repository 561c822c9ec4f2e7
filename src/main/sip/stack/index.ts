export * from './stack';
export * from './errors';
export * from './build';
export * from './incoming';
export * from './stateless';
