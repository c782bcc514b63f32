export * from './admin.js';
export * from './auth.js';
export * from './catalog.js';
export * from './common.js';
export * from './errors.js';
export * from './events.js';
export * from './orders.js';
export * from './realtime.js';
