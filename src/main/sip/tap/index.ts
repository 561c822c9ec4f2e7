export * from './tap';
