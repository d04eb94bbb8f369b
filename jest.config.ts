import type { Config } from 'jest';

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    // type-graphql and TypeORM read `design:type` metadata: keep legacy decorators + metadata.
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const config: Config = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc as Record<string, unknown>],
    // otplib's default plugins depend on ES-module-only packages: swc turns them into CommonJS.
    '^.+\\.js$': ['@swc/jest', swc as Record<string, unknown>],
  },
  transformIgnorePatterns: ['^(?!.*/\\.pnpm/(@noble\\+hashes|@scure\\+base)@).*/node_modules/'],
  moduleNameMapper: {
    '^@leadgraph/shared/testing$': '<rootDir>/shared/src/testing/index.ts',
    '^@leadgraph/shared$': '<rootDir>/shared/src/index.ts',
    '^@leadgraph/(identity|assessments|crm|podcasts|conversations|billing)$': '<rootDir>/subgraphs/$1/src/index.ts',
    '^@leadgraph/gateway$': '<rootDir>/gateway/src/index.ts',
  },
  // One PostgreSQL per run, migrated once into a template; each test file copies it.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
