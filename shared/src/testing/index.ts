import 'reflect-metadata';

export * from './database';
export * from './builders';
export * from './subgraph';
