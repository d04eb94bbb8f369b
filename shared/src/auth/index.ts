export * from './principal';
export * from './internal-token';
export * from './authorize';
export * from './permissions';
export * from './data-scope';
export * from './policy';
