export * from './nal';
export * from './sps';
export * from './codec-string';
export * from './avcc';
export { h264Rules } from './rules';
