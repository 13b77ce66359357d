import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLifecycleStack } from '../../lib/account-lifecycle-stack';
import { stackPropsFromContext } from '../../lib/stack-config';

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

/** The stack with extra context on top of cdk.json's, without bundling: for synths that compare configuration only. */
export function synthesizeWith(context: Record<string, string>): Template {
  const app = new App({ context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  return Template.fromStack(new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app)));
}

type Resources = Record<string, { Type: string; Properties: any }>;

/** The logical id of the Lambda function whose logical id starts with `prefix` (e.g. "ProvisionNewAdminFunction"). */
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
