export * from './dialog';
export * from './table';
