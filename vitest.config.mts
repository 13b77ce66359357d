import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/setup.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          // Synthesizing bundles every handler with esbuild (a dozen of them, several files at once
          // on a shared machine): seconds to minutes, not milliseconds.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Starts moto and the local API once per run (needs moto: see local/README.md).
          globalSetup: ['test/e2e/global-setup.ts'],
          setupFiles: ['test/e2e/support/log-hygiene.ts'],
          environment: 'node',
          // Real HTTP against the emulator; MFA-recovery answers wait out their 5 s response floor.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A poll waits for a browser page and a round trip or two to the local API on a shared machine
          // (vitest's default of 1 s fails under load); it still fails if the state never comes.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          // `npm run test:deployed` only (never `npm test`): the smoke scenarios against a deployed stage.
          name: 'deployed',
          include: ['test/deployed/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
