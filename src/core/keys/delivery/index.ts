export * from './types.js';
export * from './template.js';
export * from './validity.js';
export * from './build.js';
export * from './retry.js';
export * from './eventChannel.js';
