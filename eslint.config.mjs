import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

// Layering (see ARCHITECTURE.md): data flows
// ingest → store → queries → API → hooks → components. These rules keep it one-way.
const NO_UI_IN_CORE = {
  patterns: [
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'next', 'next/*', '@tanstack/react-*'], message: 'lib/ and ingest/ hold no UI: React and Next stay in app/, components/ and hooks/.' },
    { group: ['@/components/*', '@/hooks/*', '@/app/*'], message: 'lib/ and ingest/ must not depend on the UI layers.' },
  ],
};
// The simulator is a client of Baton like any agent app: it sends OTLP and reads /api/v1.
const SIMULATOR_IS_A_CLIENT = {
  patterns: [
    {
      group: ['@/lib/*', '!@/lib/schemas', '@/ingest/*', '@/app/*', '@/components/*', '@/hooks/*', '@/packages/*', 'chdb', 'chdb/*', '@clickhouse/*'],
      message: 'The simulator talks to Baton only over OTLP and /api/v1: import @baton/sdk and the API schemas (lib/schemas), nothing else of Baton.',
    },
  ],
};
// The SDK is a package of its own (packages/sdk): it ships with @opentelemetry/api
// as its only dependency, so its sources import nothing else.
const SDK_STANDS_ALONE = {
  patterns: [
    { regex: '^(?!@opentelemetry/api$|\\./)', message: 'packages/sdk depends on @opentelemetry/api only: import that or a sibling module (./x.js), nothing of Baton or any other package.' },
  ],
};
const NO_DB_IN_UI = {
  patterns: [
    { group: ['@/lib/db/*', '@/lib/queries/*', '@/lib/runtime', '@/ingest/*', 'chdb', 'chdb/*', '@clickhouse/*'], message: 'Components and hooks read data through /api/v1 (hooks), never the database layer.' },
    { group: ['../*'], message: 'Use the @/ alias instead of relative parent imports.' },
  ],
};

export default tseslint.config(
  { ignores: ['.next/**', '**/node_modules/**', 'data/**', 'packages/*/dist/**', 'next-env.d.ts', 'test-results/**', 'bench/results/**'] },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['lib/**', 'ingest/**'], rules: { 'no-restricted-imports': ['error', NO_UI_IN_CORE] } },
  { files: ['components/**', 'hooks/**'], rules: { 'no-restricted-imports': ['error', NO_DB_IN_UI] } },
  { files: ['app/**/*.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: NO_DB_IN_UI.patterns.slice(0, 1) }] } },
  { files: ['simulator/**'], ignores: ['simulator/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', SIMULATOR_IS_A_CLIENT] } },
  { files: ['packages/sdk/src/**'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', SDK_STANDS_ALONE] } },
  { files: ['scripts/**', 'bench/**', 'tests/**', '**/*.test.ts', 'simulator/cli.ts', 'docs/examples/**'], rules: { 'no-console': 'off', 'max-lines': 'off' } },
);
