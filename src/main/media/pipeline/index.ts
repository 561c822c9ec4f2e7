export * from './media-pipeline';
