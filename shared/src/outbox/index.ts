export * from './events';
export * from './migration';
export * from './receiver';
export * from './relay';
