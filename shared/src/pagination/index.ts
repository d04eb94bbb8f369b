export * from './connection';
export * from './filter';
