export * from './log';
export * from './subgraph';
export * from './module';
export * from './run';
export * from './ingest-route';
export * from './internal-routes';
