export * from './principal';
export * from './internal-token';
export * from './authorize';
export * from './permissions';
