export * from './nal';
export * from './sps';
export * from './codec-string';
export { h264Rules } from './rules';
