import * as path from 'node:path';

/** The repository root: where CDK runs esbuild from (its `projectRoot`, next to the lock file). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Git-ignored output folder: result JSON at the top, throwaway bundles under `build/`. */
export const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench-results');
export const BUILD_DIR = path.join(RESULTS_DIR, 'build');
