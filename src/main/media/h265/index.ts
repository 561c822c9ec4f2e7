export * from './nal';
export * from './sps';
export * from './codec-string';
export { h265Rules } from './rules';
