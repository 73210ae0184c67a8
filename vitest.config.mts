import { defineConfig } from 'vitest/config';
import { pathAliases } from './path-aliases';

/**
 * Three tiers, each runnable alone (`npm run test:unit`, `test:integration`, `test:e2e`);
 * `npm test` runs them all. Unit tests are plain functions over temp SQLite files and
 * must stay fast, so their timeouts are short: a unit test that needs a minute is an
 * integration test. Integration tests start real servers (PostgreSQL, Radicale, SMTP)
 * and child processes; end-to-end tests drive the real renderer in Chromium.
 */
/**
 * Medplum's FHIR packages (the test FHIR server) read the global WebSocket when they load;
 * Node 20 has it only behind a flag, newer Nodes always.
 */
const execArgv = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined' ? ['--experimental-websocket'] : [];

export default defineConfig({
  resolve: { alias: pathAliases },
  test: {
    pool: 'forks',
    execArgv,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
