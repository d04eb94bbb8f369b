export * from './data-source';
export * from './rls';
export * from './ids';
export * from './roles';
