// The SIP layer's public face for gb28181/ and above. Message model and helpers come from message/;
// everything that moves messages (transports, transactions, dialogs, the stack) from here.
export * from './message';
export * from './timers';
export * from './tap';
export * from './transport';
export * from './transaction';
export * from './dialog';
export * from './stack';
