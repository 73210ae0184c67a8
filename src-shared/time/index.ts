export * from './format';
export * from './local-date';
export * from './wall-time';
export * from './ranges';
