import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CreateRoleCommand, type IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { App, type CfnElement } from 'aws-cdk-lib';
import { AccountLifecycleStack } from '../lib/account-lifecycle-stack';
import { ApiFunction } from '../lib/constructs/api-function';
import { Database } from '../lib/constructs/database';
import { Identity } from '../lib/constructs/identity';
import { RateLimitKey } from '../lib/constructs/rate-limit-key';
import { RecoveryCodeKey } from '../lib/constructs/recovery-code-key';
import { stackPropsFromContext } from '../lib/stack-config';
import type { LocalResources } from './aws-resources';
import { LOCAL_REGION } from './environment';

/**
 * Each function's execution role, as the synthesized template has it, made real in the emulator:
 * the local API runs every handler with credentials of its own role (local/function-runtime.ts),
 * and local/moto_plugin/iam.py holds each call to that role's policy, as IAM would in AWS.
 */

/** moto's account (moto/core/models.py DEFAULT_ACCOUNT_ID): every ARN the emulator makes has it. */
export const EMULATOR_ACCOUNT_ID = '123456789012';

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

type Intrinsic = unknown;
type TemplateResource = { Type: string; Properties?: Record<string, any> };

/** One function as the template deploys it: what it may call and which environment it gets. */
export interface SynthesizedFunction {
  /** lambdas/handlers/<handlerFile>.ts */
  readonly handlerFile: string;
  /** The names of its environment variables. */
  readonly environmentNames: readonly string[];
  /** Every statement of the IAM policies attached to its role, intrinsics unresolved. */
  readonly statements: readonly Record<string, Intrinsic>[];
}

export interface SynthesizedStack {
  readonly functions: readonly SynthesizedFunction[];
  /** Logical ids of the resources the local API creates (local/aws-resources.ts). */
  readonly logicalIds: {
    readonly userPool: string;
    readonly table: string;
    readonly auditTable: string;
    readonly rateLimitKey: string;
    readonly recoveryCodeKey: string;
  };
  readonly resources: Readonly<Record<string, TemplateResource>>;
}

const CDK_JSON = path.join(__dirname, '..', 'cdk.json');

/**
 * Synthesizes the stack from cdk.json's context as `cdk synth` does (with `overrides` on top, e.g.
 * `mfaRecoveryStrategy`), without bundling the handlers
 * and without CDK's built-in CloudFormation validation (neither changes a policy; together they are
 * most of a synth's time), and reads each function's role statements from the template.
 */
export function synthesizeFunctionRoles(overrides: Record<string, string> = {}): SynthesizedStack {
  const context = JSON.parse(readFileSync(CDK_JSON, 'utf8')).context;
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [], ...overrides }, builtinCloudFormationValidation: false });
  const stack = new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<string, TemplateResource>;
  const logicalId = (element: { node: { defaultChild?: unknown } }) => stack.getLogicalId(element.node.defaultChild as CfnElement);
  const only = <T>(kind: abstract new (...args: any[]) => T): T => {
    const found = stack.node.findAll().filter((construct): construct is T & typeof construct => construct instanceof kind);
    if (found.length !== 1) throw new Error(`expected one ${kind.name} in the stack, found ${found.length}`);
    return found[0];
  };

  const functions = stack.node
    .findAll()
    .filter((construct): construct is ApiFunction => construct instanceof ApiFunction)
    .map((fn) => {
      const id = logicalId(fn);
      const roleId = resources[id].Properties?.Role['Fn::GetAtt'][0] as string;
      const statements = Object.values(resources)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties?.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties?.PolicyDocument.Statement as Record<string, Intrinsic>[]);
      return { handlerFile: fn.handlerFile, environmentNames: Object.keys(resources[id].Properties?.Environment?.Variables ?? {}), statements };
    });
  const database = only(Database);
  return {
    functions,
    resources,
    logicalIds: {
      userPool: logicalId(only(Identity).userPool),
      table: logicalId(database.table),
      auditTable: logicalId(database.auditTable.table),
      rateLimitKey: logicalId(only(RateLimitKey).secret),
      recoveryCodeKey: logicalId(only(RecoveryCodeKey).secret),
    },
  };
}

/** A resource's `Ref` and `Fn::GetAtt Arn` values in the emulator. */
interface PhysicalResource {
  readonly ref: string;
  readonly arn?: string;
}

function localPhysicalResources(stack: SynthesizedStack, resources: LocalResources): Record<string, PhysicalResource> {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${EMULATOR_ACCOUNT_ID}:${resource}`;
  // Log groups are not emulated (handlers log to the console); their ARNs only need to be well formed.
  const logGroups = Object.entries(stack.resources)
    .filter(([, resource]) => resource.Type === 'AWS::Logs::LogGroup')
    .map(([id]) => [id, { ref: `/local/${id}`, arn: arn('logs', `log-group:/local/${id}:*`) }]);
  const { logicalIds } = stack;
  return {
    ...Object.fromEntries(logGroups),
    [logicalIds.userPool]: { ref: resources.userPoolId, arn: arn('cognito-idp', `userpool/${resources.userPoolId}`) },
    [logicalIds.table]: { ref: resources.tableName, arn: arn('dynamodb', `table/${resources.tableName}`) },
    [logicalIds.auditTable]: { ref: resources.auditTableName, arn: arn('dynamodb', `table/${resources.auditTableName}`) },
    // A secret's Ref is its ARN (AWS::SecretsManager::Secret, "Return values").
    [logicalIds.rateLimitKey]: { ref: resources.rateLimitKeySecretArn },
    [logicalIds.recoveryCodeKey]: { ref: resources.recoveryCodeKeySecretArn },
  };
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': EMULATOR_ACCOUNT_ID,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * The function's statements with every intrinsic (Ref, Fn::GetAtt Arn, Fn::Join, pseudo parameters)
 * resolved to the local resources' names and ARNs. Anything else fails: a policy naming a resource
 * the local API does not create must be added here, not silently dropped.
 */
export function resolveStatements(stack: SynthesizedStack, fn: SynthesizedFunction, resources: LocalResources): PolicyStatement[] {
  const physical = localPhysicalResources(stack, resources);
  const resolve = (value: Intrinsic): string => {
    if (typeof value === 'string') return value;
    const { Ref: ref, 'Fn::GetAtt': getAtt, 'Fn::Join': join } = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, Intrinsic[]] };
    if (ref !== undefined && PSEUDO_PARAMETERS[ref]) return PSEUDO_PARAMETERS[ref];
    if (ref !== undefined && physical[ref]) return physical[ref].ref;
    if (getAtt?.[1] === 'Arn' && physical[getAtt[0]]?.arn) return physical[getAtt[0]].arn as string;
    if (join) return join[1].map(resolve).join(join[0]);
    throw new Error(`${fn.handlerFile}'s role names ${JSON.stringify(value)}, which the local API does not create`);
  };
  return fn.statements.map((statement) => {
    const resource = statement.Resource;
    return {
      ...(statement as unknown as PolicyStatement),
      ...(resource !== undefined && { Resource: Array.isArray(resource) ? resource.map(resolve) : resolve(resource) }),
    };
  });
}

/** The credentials a function's code runs with (its role's session, as Lambda gives it). */
export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** The role of `handlerFile` in the emulator. */
export function functionRoleName(handlerFile: string): string {
  return `local-${handlerFile}`;
}

/** The name of the inline policy holding a role's statements. */
export const ROLE_POLICY_NAME = 'execution-role';

/** A policy document for `statements`. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Creates the function's role with its statements and assumes it, as Lambda does for each
 * execution environment: the session's credentials are what the handler runs with. `RoleName`: for
 * a second deployment of the same function (another configuration of the stack), a name of its own.
 */
export async function createFunctionRole(
  clients: { readonly iam: IAMClient; readonly sts: STSClient },
  handlerFile: string,
  statements: readonly PolicyStatement[],
  RoleName: string = functionRoleName(handlerFile),
): Promise<RoleCredentials> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await clients.iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await clients.iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: ROLE_POLICY_NAME, PolicyDocument: policyDocument(statements) }));
  return assumeFunctionRole(clients.sts, handlerFile, RoleName);
}

/** A new session of a function's existing role (e.g. one the local API created), as Lambda starts one per execution environment. */
export async function assumeFunctionRole(sts: STSClient, handlerFile: string, RoleName: string = functionRoleName(handlerFile)): Promise<RoleCredentials> {
  const RoleArn = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/${RoleName}`;
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: handlerFile }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) throw new Error(`no credentials for ${RoleName}`);
  return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
}
