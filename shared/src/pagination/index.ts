export * from './connection';
export * from './filter';
export * from './optional';
