// The two IPC channels every contract method and event travel on. One invoke channel (not one per
// method) keeps the preload generic: the method name is checked against the contract on both sides.
export const INVOKE_CHANNEL = 'billops:invoke'
export const EVENT_CHANNEL = 'billops:event'
