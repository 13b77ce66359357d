import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type AwsStub, mockClient as stubClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect } from 'vitest';
import type { MfaRecoveryStrategy } from '../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import {
  bindEnvironment,
  evaluate,
  functionIdOf,
  functionStatements,
  grantsOf,
  grantsUsedBy,
  type RefBindings,
  requestsOf,
  type ResolvedStatement,
  resourcePolicyDenies,
  roleArnOf,
  type SentCommand,
  type TemplateLike,
} from './iam-policy';

/**
 * The unit world's SDK mocks, held to IAM: every unit test mocks AWS through `mockClient` here
 * (aws-sdk-client-mock's, registered), and runs the code under test as a function of the stack with
 * `asFunction`. After each test, every command the function sent is evaluated against that
 * function's role in the synthesized template (test/support/iam-policy.ts: action, resource ARN,
 * conditions), so a missing grant fails the test that makes the call, as AccessDenied would in AWS.
 * A command sent outside any function (a test's own seeding, an adapter tested alone) fails the test
 * too, unless the test says why its calls belong to no function (`callsBelongToNoFunction`).
 *
 * Where a resource policy governs the call (the archive bucket's policy, the audit table's), its
 * Deny statements are evaluated with the role's (an explicit Deny in either wins), with the
 * request's aws:PrincipalArn (the role), aws:SecureTransport and the service's condition keys.
 *
 * The templates (one per MFA-recovery strategy) are synthesized once and kept under .local/, keyed by
 * a hash of everything a synth reads (lib/, lambdas/, web/, cdk.json, package-lock.json).
 */

type Service = SentCommand['service'];

/** The service each mocked client class speaks to, as IAM names its actions. */
const SERVICE_OF_CLIENT: Readonly<Record<string, Service>> = {
  CognitoIdentityProviderClient: 'cognito',
  DynamoDBDocumentClient: 'dynamodb',
  SESv2Client: 'ses',
  SecretsManagerClient: 'secrets',
  S3Client: 's3',
};

const stubs: { readonly service: Service; readonly stub: AwsStub<any, any, any> }[] = [];

/** aws-sdk-client-mock's `mockClient`, registered so that every command sent through it is checked. */
export const mockClient: typeof stubClient = (client, options) => {
  const name = typeof client === 'function' ? (client as { name: string }).name : (client as object).constructor.name;
  const service = SERVICE_OF_CLIENT[name];
  if (!service) throw new Error(`test/support/aws-mocks.ts does not know which IAM service ${name} calls`);
  const stub = stubClient(client, options);
  stubs.push({ service, stub });
  return stub;
};

/** The commands sent through the registered mocks so far (a reset mock starts again from none). */
function sentSoFar(): { readonly service: Service; readonly command: { constructor: { name: string }; input: Record<string, any> } }[] {
  return stubs.flatMap(({ service, stub }) => stub.calls().map((call) => ({ service, command: call.args[0] })));
}

interface Attributed {
  /** The functions whose roles must allow the calls (a flow two functions run is held to both). */
  readonly functions: readonly string[];
  readonly strategy: MfaRecoveryStrategy;
  readonly commands: SentCommand[];
}

/** What ran as which function in the current test, and which command objects it sent. */
let attributed: Attributed[] = [];
const owned = new WeakSet<object>();
/** The invocations in flight, by function list: two different ones at once cannot be told apart. */
const inFlight = new Map<string, number>();
let overlapped: string | undefined;
let noFunctionReason: string | undefined;

export interface AsFunctionOptions {
  /** The MFA-recovery strategy of the template whose role applies (default: MFA_RECOVERY_STRATEGY, else reset). */
  readonly strategy?: MfaRecoveryStrategy;
}

/**
 * `run` as the function(s) `handlerFiles` (lambdas/handlers/<handlerFile>.ts, or a flow a function
 * runs; several when more than one function runs it): every command sent while it runs is that
 * function's, and must be allowed by its role.
 */
export function asFunction<A extends unknown[], R>(handlerFiles: string | readonly string[], run: (...args: A) => Promise<R>, options: AsFunctionOptions = {}) {
  const functions = [handlerFiles].flat();
  const key = functions.join('+');
  return async (...args: A): Promise<R> => {
    const strategy = options.strategy ?? ((process.env.MFA_RECOVERY_STRATEGY as MfaRecoveryStrategy | undefined) || 'reset');
    for (const other of inFlight.keys()) if (other !== key) overlapped = `${key} ran while ${other} was running: their calls cannot be told apart`;
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    const before = new Set(sentSoFar().map(({ command }) => command));
    try {
      return await run(...args);
    } finally {
      const count = (inFlight.get(key) ?? 1) - 1;
      if (count === 0) inFlight.delete(key);
      else inFlight.set(key, count);
      const commands = sentSoFar().filter(({ command }) => !before.has(command) && !owned.has(command));
      for (const { command } of commands) owned.add(command);
      attributed.push({
        functions,
        strategy,
        commands: commands.map(({ service, command }) => ({ service, name: command.constructor.name, input: command.input })),
      });
    }
  };
}

/**
 * `run` outside any function of the stack (`why`: the test's own setup seeding the fakes, an
 * operator's script): its commands are not held to any role.
 */
export async function outsideAnyFunction<R>(_why: string, run: () => Promise<R>): Promise<R> {
  const before = new Set(sentSoFar().map(({ command }) => command));
  try {
    return await run();
  } finally {
    for (const { command } of sentSoFar()) if (!before.has(command)) owned.add(command);
  }
}

/** Each function of `flows` (a flow module's building blocks, called directly) run `asFunction`. */
export function flowsAsFunction<T extends object>(handlerFiles: string | readonly string[], flows: T, options: AsFunctionOptions = {}): T {
  return Object.fromEntries(
    Object.entries(flows).map(([key, value]) => [
      key,
      typeof value === 'function' ? asFunction(handlerFiles, value as (...args: unknown[]) => Promise<unknown>, options) : value,
    ]),
  ) as T;
}

/**
 * For tests whose SDK calls belong to no function of the stack (an adapter tested alone): why, in
 * words. Called at the top of a file it covers the file; inside a `describe`, that block's tests.
 */
export function callsBelongToNoFunction(reason: string): void {
  beforeEach(() => {
    noFunctionReason = reason;
  });
}

// ---------------------------------------------------------------------------------------------
// The synthesized roles

const ROOT = path.join(__dirname, '..', '..');
const SYNTH_INPUTS = ['lib', 'lambdas', 'web', 'cdk.json', 'package-lock.json'];

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.join(dirent.parentPath, dirent.name))
    .sort();
}

/** A hash of everything the synth reads: a change to any of it synthesizes again. */
function synthInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of SYNTH_INPUTS.flatMap(filesUnder)) hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const TEMPLATE_MODULE = path.join(__dirname, 'template.ts');
let inputsHash: string | undefined;
const templates = new Map<MfaRecoveryStrategy, TemplateLike>();

/** The stack as the unit world deploys it (its sender, `strategy`), synthesized once per change of its inputs. */
async function templateFor(strategy: MfaRecoveryStrategy): Promise<TemplateLike> {
  const known = templates.get(strategy);
  if (known) return known;
  inputsHash ??= synthInputsHash();
  const senderEmail = process.env.SENDER_EMAIL as string;
  const file = path.join(ROOT, '.local', 'unit-templates', `${inputsHash}-${strategy}-${senderEmail}.json`);
  let json: { [key: string]: any };
  if (existsSync(file)) json = JSON.parse(readFileSync(file, 'utf8'));
  else {
    // Imported here, not at the top: CDK takes seconds to load, and a cached template needs none of it.
    const { synthesizeWith } = (await import(TEMPLATE_MODULE)) as typeof import('./template');
    json = synthesizeWith({ mfaRecoveryStrategy: strategy, senderEmail }).toJSON();
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(json));
    renameSync(partial, file);
  }
  const template = { toJSON: () => json };
  templates.set(strategy, template);
  return template;
}

interface BoundRole {
  readonly template: TemplateLike;
  readonly refs: RefBindings;
  readonly statements: ResolvedStatement[];
  readonly arn: string;
}
const roleCache = new Map<string, BoundRole>();

async function boundRole(handlerFile: string, strategy: MfaRecoveryStrategy): Promise<BoundRole> {
  const cacheKey = `${strategy}:${handlerFile}`;
  let role = roleCache.get(cacheKey);
  if (!role) {
    const template = await templateFor(strategy);
    const id = functionIdOf(template, handlerFile);
    const refs = bindEnvironment(template, id, process.env);
    role = { template, refs, statements: functionStatements(template, id, refs), arn: roleArnOf(template, id, refs) };
    roleCache.set(cacheKey, role);
  }
  return role;
}

/** The function's statements in the strategy's template, bound to the unit world's resources. */
export async function roleOf(handlerFile: string, strategy: MfaRecoveryStrategy): Promise<ResolvedStatement[]> {
  return (await boundRole(handlerFile, strategy)).statements;
}

/** The grants each function's allowed calls used in this file, by `<strategy>:<handlerFile>`. */
const used = new Map<string, Set<string>>();

/** The grants of the function's role that no call in this file has used so far. */
export async function grantsNeverUsed(handlerFile: string, strategy: MfaRecoveryStrategy = 'reset'): Promise<string[]> {
  const seen = used.get(`${strategy}:${handlerFile}`) ?? new Set<string>();
  return (await roleOf(handlerFile, strategy)).flatMap(grantsOf).filter((grant) => !seen.has(grant));
}

/** Every command of this test evaluated against its function's role; the refusals, and the commands no function sent. */
async function checkTest(): Promise<{ refused: string[]; unowned: string[] }> {
  const refused: string[] = [];
  for (const { functions, strategy, commands } of attributed) {
    for (const handlerFile of functions) {
      const role = await boundRole(handlerFile, strategy);
      const grants = used.get(`${strategy}:${handlerFile}`) ?? new Set<string>();
      used.set(`${strategy}:${handlerFile}`, grants);
      for (const call of commands.flatMap(requestsOf)) {
        // Signed by the function's role: aws:PrincipalArn, which the resource policies' conditions read.
        const request = { ...call, context: { ...call.context, 'aws:PrincipalArn': [role.arn] } };
        // Its role's statements, and the Denies of the resource policies governing the resource (bucket, audit table).
        const decision = evaluate([...role.statements, ...resourcePolicyDenies(role.template, request, role.refs)], request);
        if (decision.allowed) for (const grant of grantsUsedBy(request, decision)) grants.add(grant);
        else refused.push(`${handlerFile} (${strategy}): ${request.action} on ${request.resource} ${JSON.stringify(request.context)} (${request.call})`);
      }
    }
  }
  const unowned = noFunctionReason
    ? []
    : sentSoFar()
        .filter(({ command }) => !owned.has(command))
        .map(({ service, command }) => `${service} ${command.constructor.name}`);
  return { refused, unowned };
}

/** This test's refusals so far, taken: for the test of this check itself (test/unit/support/aws-mocks.test.ts). */
export async function takeRefusals(): Promise<string[]> {
  const { refused } = await checkTest();
  attributed = [];
  return refused;
}

afterEach(async () => {
  const { refused, unowned } = await checkTest();
  const overlap = overlapped;
  attributed = [];
  overlapped = undefined;
  noFunctionReason = undefined;
  expect(overlap, 'functions run at once').toBeUndefined();
  expect(refused, "calls the function's synthesized role refuses").toEqual([]);
  expect(unowned, 'calls made outside any function (asFunction), in a file that gives no reason (callsBelongToNoFunction)').toEqual([]);
}, 180_000);
