import 'reflect-metadata';

export * from './auth';
export * from './config';
export * from './db';
export * from './errors';
export * from './loaders';
export * from './pagination';
export * from './server';
export * from './tenancy';
export * from './outbox';
