/** Pure time and schedule maths: every function takes the clock as an argument. */
export * from './civil.js';
export * from './zoned.js';
export * from './zones.js';
export * from './parse.js';
export * from './weekly.js';
export * from './streak.js';
export * from './due.js';
export * from './format.js';
