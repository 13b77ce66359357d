import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { cdkEsbuildOptions, RUNTIME_SDK_EXTERNALS } from './esbuild-options';
import { handlerEntry } from './handlers';
import { BUILD_DIR } from './paths';
import { baselineSource, type SdkImport, sdkValueImports } from './sdk-imports';

/** The target (issue 20): our code and non-SDK dependencies add at most 25 % to the SDK-only bundle. */
export const BUNDLE_RATIO_TARGET = 1.25;

export interface Bundle {
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

/** Bytes one package (or "(project)" for our own code) adds to a handler bundle over its baseline. */
export interface Addition {
  readonly source: string;
  readonly bytes: number;
}

export interface BundleSizes {
  readonly handler: Bundle;
  /** The same handler with the SDK left to the Lambda runtime (`@aws-sdk/*` external). */
  readonly handlerRuntimeSdk: Bundle;
  readonly baseline: Bundle;
  readonly sdkImports: SdkImport[];
  readonly ratio: number;
  /** Where the bytes over the baseline come from, largest first. */
  readonly additions: Addition[];
}

/** Bundles `entry` with CDK's options into BUILD_DIR/`name`.js. */
export async function bundle(entry: string, name: string, external?: string[]): Promise<Bundle> {
  const file = path.join(BUILD_DIR, `${name}.js`);
  const { metafile } = await build({ ...cdkEsbuildOptions(entry, file, external), metafile: true });
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + (output.entryPoint ? output.bytes : 0), 0);
  return { file, bytes, metafile };
}

/** Writes `source` to BUILD_DIR/`name`.src.js and bundles it like a handler. */
export async function bundleSource(source: string, name: string): Promise<Bundle> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const entry = path.join(BUILD_DIR, `${name}.src.js`);
  writeFileSync(entry, source);
  return bundle(entry, name);
}

/**
 * Bundles `handler` exactly as CDK ships it, once more with the runtime's SDK, and an SDK-only
 * baseline with the clients and commands its code imports; compares the two shipped sizes.
 */
export async function measureBundleSizes(handler: string): Promise<BundleSizes> {
  const shipped = await bundle(handlerEntry(handler), handler);
  const handlerRuntimeSdk = await bundle(handlerEntry(handler), `${handler}.runtime-sdk`, RUNTIME_SDK_EXTERNALS);
  const sdkImports = sdkValueImports(shipped.metafile);
  const baseline = await bundleSource(baselineSource(sdkImports), `${handler}.baseline`);
  return {
    handler: shipped,
    handlerRuntimeSdk,
    baseline,
    sdkImports,
    ratio: shipped.bytes / baseline.bytes,
    additions: additionsOverBaseline(shipped.metafile, baseline.metafile),
  };
}

/** Per package: bytes in the handler's output minus bytes of the same inputs in the baseline's output. */
export function additionsOverBaseline(handler: Metafile, baseline: Metafile): Addition[] {
  const totals = new Map<string, number>();
  const add = (metafile: Metafile, sign: number) => {
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const source = packageOf(input);
        totals.set(source, (totals.get(source) ?? 0) + sign * bytesInOutput);
      }
    }
  };
  add(handler, 1);
  add(baseline, -1);
  return [...totals.entries()]
    .map(([source, bytes]) => ({ source, bytes }))
    .filter(({ bytes }) => bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes);
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match) return match[1];
  return input.startsWith('bench-results/') ? '(baseline entry)' : '(project)';
}
