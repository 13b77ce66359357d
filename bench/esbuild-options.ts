import type { BuildOptions, Format } from 'esbuild';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BUNDLING } from '../lib/constructs/api-function';
import { PROJECT_ROOT } from './paths';

type CdkBundling = typeof BUNDLING;

/**
 * How each `BUNDLING` prop becomes an esbuild option, as aws-cdk-lib's
 * `aws-lambda-nodejs/lib/bundling.js` (`buildEsbuildArgs`) turns it into a CLI flag. Typed over the
 * keys of `BUNDLING`, so a prop added there does not compile until the benchmark maps it too.
 */
const FROM_CDK_PROP: { [K in keyof CdkBundling]: (value: CdkBundling[K]) => BuildOptions } = {
  minify: (minify) => ({ minify }),
  sourceMap: (sourcemap) => ({ sourcemap }),
  target: (target) => ({ target }),
  format: (format) => ({ format: ({ [OutputFormat.CJS]: 'cjs', [OutputFormat.ESM]: 'esm' } as Record<OutputFormat, Format>)[format] }),
  mainFields: (fields) => ({ mainFields: [...fields] }),
  externalModules: (modules) => ({ external: [...modules] }),
};

/** What CDK's `aws-lambda-nodejs` (aws-sdk-v3 default) marks external when `externalModules` is not given: the runtime's SDK. */
export const RUNTIME_SDK_EXTERNALS = ['@aws-sdk/*'];

/**
 * The esbuild options `ApiFunction` (a NodejsFunction with `BUNDLING`) bundles `entry` with:
 * `esbuild --bundle <entry> --platform=node` plus the flags derived from `BUNDLING`, run from the
 * project root (so esbuild finds tsconfig.json the same way). `external` replaces the externals,
 * to measure the "SDK from the runtime" alternative.
 */
export function cdkEsbuildOptions(entry: string, outfile: string, external?: string[]): BuildOptions {
  const fromBundling = (Object.keys(FROM_CDK_PROP) as (keyof CdkBundling)[]).map((key) =>
    (FROM_CDK_PROP[key] as (value: unknown) => BuildOptions)(BUNDLING[key]),
  );
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    outfile,
    absWorkingDir: PROJECT_ROOT,
    ...Object.assign({}, ...fromBundling),
    ...(external ? { external } : {}),
    logLevel: 'warning',
  };
}
