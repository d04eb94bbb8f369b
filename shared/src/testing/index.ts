import 'reflect-metadata';

export * from './database';
export * from './builders';
export * from './subgraph';
export * from './outbox';
export * from './kit';
