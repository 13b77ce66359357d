import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ADMIN_INDEX } from '../../lambdas/adapters/dynamodb/table-layout';
import type { MfaRecoveryStrategy } from '../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { AccountLifecycleStack, type AccountLifecycleStackProps } from '../../lib/account-lifecycle-stack';
import { cognitoActions, type FunctionDeclaration } from '../../lib/routes';
import { stackPropsFromContext } from '../../lib/stack-config';
import { leadingKeyPatterns } from '../../lib/table-access';
import { FAKE_ACCOUNT, FAKE_REGION } from './iam-policy';

let cached: { stack: AccountLifecycleStack; template: Template } | undefined;

/** cdk.json's context, as `cdk synth` reads it. */
export function cdkContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/** `https://<the web distribution's domain><suffix>` as the template spells it. */
export function webOriginJoin(template: Template, suffix = ''): unknown {
  const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
  return { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, ...(suffix ? [suffix] : [])]] };
}

/** Synthesizes the stack exactly as `cdk synth` does (context from cdk.json), once per test file. */
export function synthesize(): { stack: AccountLifecycleStack; template: Template } {
  if (!cached) {
    const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    const app = new App({ context: cdkJson.context });
    const stack = new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
    cached = { stack, template: Template.fromStack(stack) };
  }
  return cached;
}

/**
 * The stack with extra context on top of cdk.json's, without bundling: for synths that compare
 * configuration only. `props` changes what the context gives (e.g. `routes`: a changed manifest).
 */
export function synthesizeWith(context: Record<string, string>, props: Partial<AccountLifecycleStackProps> = {}): Template {
  const app = new App({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  return Template.fromStack(new AccountLifecycleStack(app, 'AccountLifecycle', { ...stackPropsFromContext(app), ...props }));
}

type Resources = Record<string, { Type: string; Properties: any }>;

/** The logical id of the Lambda function whose logical id starts with `prefix` (e.g. "PostAdminsFunction"). */
export function functionLogicalId(template: Template, prefix: string): string {
  const ids = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one function named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** Every IAM statement attached to the execution role of the function `functionId`. */
export function roleStatements(template: Template, functionId: string): { Action: string | string[]; Resource: unknown; Effect: string }[] {
  const resources = template.toJSON().Resources as Resources;
  const roleId = resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The statement every ApiFunction role starts with: write to its own log group. */
function isOwnLogWriting(statement: { Action: string | string[] }): boolean {
  const actions = [statement.Action].flat();
  return actions.every((action) => action === 'logs:CreateLogStream' || action === 'logs:PutLogEvents');
}

/** The sorted, de-duplicated IAM actions the function's role allows, beyond writing its own logs. */
export function allowedActions(template: Template, functionId: string): string[] {
  const actions = roleStatements(template, functionId)
    .filter((statement) => statement.Effect === 'Allow' && !isOwnLogWriting(statement))
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
  return [...new Set(actions)].sort();
}

/**
 * What a function's manifest entry (a route's or a trigger's) means in IAM, in `permissions()` form (test/support/iam-policy.ts):
 * Cognito actions on the pool, main-table actions on the table limited to the partition kinds, the
 * admin index Query, audit Put or Query, GetSecretValue on the rate-limit or recovery-code key, SendEmail from the
 * sender only. Written from the manifest, not from the stack's code, so the two are checked.
 */
export function manifestPermissions(template: Template, declared: FunctionDeclaration, strategy: MfaRecoveryStrategy, senderEmail: string): string[] {
  const only = (type: string, filter: (id: string) => boolean = () => true) => {
    const ids = Object.keys(template.findResources(type)).filter(filter);
    if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.join(', ') || 'none'}`);
    return ids[0];
  };
  const at = (service: string) => `arn:aws:${service}:${FAKE_REGION}:${FAKE_ACCOUNT}`;
  const pool = `${at('cognito-idp')}:userpool/{${only('AWS::Cognito::UserPool')}}`;
  const table = `${at('dynamodb')}:table/{${only('AWS::DynamoDB::GlobalTable', (id) => id.startsWith('DatabaseTable'))}}`;
  const auditTable = `${at('dynamodb')}:table/{${only('AWS::DynamoDB::GlobalTable', (id) => id.startsWith('DatabaseAudit'))}}`;
  const { grants } = declared;
  const leadingKeys = grants.table && `ForAllValues:StringLike dynamodb:LeadingKeys=${leadingKeyPatterns(grants.table.partitions).sort().join('|')}`;
  return [
    ...cognitoActions(grants, strategy).map((action) => `Allow ${action} on ${pool}`),
    ...(grants.table?.actions ?? []).map((action) => `Allow ${action} on ${table} if ${leadingKeys}`),
    ...(grants.adminIndexQuery ? [`Allow dynamodb:Query on ${table}/index/${ADMIN_INDEX.name}`] : []),
    ...(grants.audit ? [`Allow dynamodb:${grants.audit === 'append' ? 'PutItem' : 'Query'} on ${auditTable}`] : []),
    ...(grants.rateLimitKey ? [`Allow secretsmanager:GetSecretValue on {${only('AWS::SecretsManager::Secret', (id) => id.startsWith('RateLimitKey'))}}`] : []),
    ...(grants.recoveryCodeKey
      ? [`Allow secretsmanager:GetSecretValue on {${only('AWS::SecretsManager::Secret', (id) => id.startsWith('RecoveryCodeKey'))}}`]
      : []),
    ...(grants.sendEmail ? [`Allow ses:SendEmail on ${at('ses')}:identity/${senderEmail.split('@')[1]} if StringEquals ses:FromAddress=${senderEmail}`] : []),
  ].sort();
}
