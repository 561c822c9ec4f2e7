export * from './mansrtsp';
