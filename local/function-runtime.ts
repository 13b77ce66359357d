import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { cdkEsbuildOptions } from '../bench/esbuild-options';
import { HANDLERS_DIR } from '../lib/constructs/api-function';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { LocalResources } from './aws-resources';
import { emulatorSdkEnvironment, workerEnvironment } from './environment';
import { createFunctionRole, resolveStatements, type SynthesizedStack } from './function-roles';
import type { Invocation, InvocationOutcome, RuntimeData } from './lambda-runtime';

/**
 * Every function of the local API in its own worker thread, as in Lambda each function has its own
 * execution environment: the handler bundled as CDK bundles it, its own `process.env` (the
 * environment the template gives it, and its role's credentials), its own SDK clients. Handlers
 * cannot share a module or a credential, so each call reaches the emulator as its function's role.
 */

const RUNTIME_ENTRY = path.join(__dirname, 'lambda-runtime.ts');
const RUNTIME_FILE = 'lambda-runtime.js';

export interface FunctionBundles {
  readonly dir: string;
  /** The bundle of lambdas/handlers/<handlerFile>.ts. */
  file(handlerFile: string): string;
  readonly runtime: string;
  remove(): void;
}

/**
 * Bundles each handler with the esbuild options CDK uses for the deployed functions (not minified,
 * so a stack trace in the local log stays readable), and the runtime, into a fresh temporary folder.
 */
export async function bundleFunctions(handlerFiles: readonly string[]): Promise<FunctionBundles> {
  const dir = mkdtempSync(path.join(tmpdir(), 'account-lifecycle-functions-'));
  const { entryPoints: _one, outfile: _file, ...options } = cdkEsbuildOptions(RUNTIME_ENTRY, RUNTIME_FILE);
  // One build for all entry points: esbuild reads and parses the SDK once, not once per handler.
  await build({
    ...options,
    minify: false,
    entryPoints: {
      ...Object.fromEntries(handlerFiles.map((handlerFile) => [handlerFile, path.join(HANDLERS_DIR, `${handlerFile}.ts`)])),
      [path.basename(RUNTIME_FILE, '.js')]: RUNTIME_ENTRY,
    },
    outdir: dir,
  });
  return {
    dir,
    file: (handlerFile) => path.join(dir, `${handlerFile}.js`),
    runtime: path.join(dir, RUNTIME_FILE),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A function running in its worker: `invoke` is its handler, seen from the local API's server (an
 * API route's: proxy event in, proxy result out; a Cognito trigger's: the event in and out).
 */
export interface LocalFunction<E = APIGatewayProxyEvent, R = APIGatewayProxyResult> {
  readonly invoke: (event: E, context?: Context) => Promise<R>;
  /** Resolves once the handler module is loaded (its cold start is over). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the function's worker with exactly `env` as its environment. A worker that dies (an
 * uncaught error) fails the invocations in flight; the next invocation starts a new one, as Lambda
 * replaces a crashed execution environment.
 */
export function startLocalFunction<E = APIGatewayProxyEvent, R = APIGatewayProxyResult>(
  bundles: FunctionBundles,
  handlerFile: string,
  env: Record<string, string>,
): LocalFunction<E, R> {
  let worker: Worker;
  let ready: Promise<void>;
  let dead = false;
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: R) => void; reject: (error: Error) => void }>();

  const start = () => {
    worker = new Worker(bundles.runtime, { env, workerData: { bundle: bundles.file(handlerFile) } satisfies RuntimeData, name: handlerFile });
    const current = worker;
    ready = new Promise<void>((resolve, reject) => {
      current.once('message', () => resolve());
      current.once('error', reject);
    });
    ready.catch(() => undefined);
    current.on('message', (outcome: InvocationOutcome | 'ready') => {
      if (outcome === 'ready') return;
      const waiting = pending.get(outcome.id);
      pending.delete(outcome.id);
      if ('result' in outcome) waiting?.resolve(outcome.result as R);
      else waiting?.reject(Object.assign(new Error(outcome.error.message), outcome.error));
    });
    current.on('exit', (code) => {
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(new Error(`${handlerFile}'s worker exited (code ${code}) during the invocation`));
      }
      if (worker === current) dead = true;
    });
  };
  start();

  return {
    get ready() {
      return ready;
    },
    async invoke(event, context) {
      if (dead) {
        dead = false;
        start();
      }
      if (!context) throw new Error(`${handlerFile} was invoked without a Lambda context`);
      await ready;
      const id = nextId++;
      const { getRemainingTimeInMillis, done: _done, fail: _fail, succeed: _succeed, ...fields } = context;
      const invocation: Invocation = { id, event, context: fields, deadline: Date.now() + getRemainingTimeInMillis() };
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(invocation);
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** What starting a function of a synthesized stack as its own role needs (local/start.ts; a test of another deployment). */
export interface FunctionLauncher {
  readonly bundles: FunctionBundles;
  readonly stack: SynthesizedStack;
  readonly resources: LocalResources;
  /** Every function's environment values (`handlerEnvironment`); each worker gets the names its template function has. */
  readonly environment: Record<string, string>;
  readonly emulatorEndpoint: string;
  readonly roleClients: { readonly iam: IAMClient; readonly sts: STSClient };
}

/**
 * Starts `handlerFile`'s function in its worker as the local API does: the environment its template
 * function has, and the credentials of a role carrying that function's statements, created on the
 * emulator as `roleName` (another deployment's role must not replace the local API's).
 */
export async function startFunctionAsItsRole<E = APIGatewayProxyEvent, R = APIGatewayProxyResult>(
  launcher: FunctionLauncher,
  handlerFile: string,
  roleName?: string,
): Promise<LocalFunction<E, R>> {
  const synthesized = launcher.stack.functions.find((fn) => fn.handlerFile === handlerFile);
  if (!synthesized) throw new Error(`the template has no function for ${handlerFile}`);
  const statements = resolveStatements(launcher.stack, synthesized, launcher.resources);
  const credentials = await createFunctionRole(launcher.roleClients, handlerFile, statements, roleName);
  const env = workerEnvironment(synthesized, launcher.environment, emulatorSdkEnvironment(launcher.emulatorEndpoint, credentials));
  return startLocalFunction<E, R>(launcher.bundles, handlerFile, env);
}
