export * from './start-gb-server';
export { NOT_REGISTERED } from './request-router';
