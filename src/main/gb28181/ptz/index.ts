export * from './ptz-cmd';
export * from './speed';
