import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { RECOVERY_LEASE_MS } from '../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLifecycleStack } from '../../lib/account-lifecycle-stack';
import { stackPropsFromContext } from '../../lib/stack-config';
import { WEB_PAGES } from '../../web/pages';
import { functionLogicalId, roleStatements, synthesize, webOriginJoin } from '../support/template';

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
const context = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/** The stack synthesized with cdk.json's context plus `extra` (as `cdk synth -c key=value` would). */
function synthesizeWith(extra: Record<string, string>): Template {
  const app = new App({ context: { ...context, ...extra } });
  return Template.fromStack(new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app)));
}

const REQUEST = 'MfaRecoveryPostMfaRecoveryRequestFunction';
const CONFIRM = 'MfaRecoveryPostMfaRecoveryConfirmFunction';
const MFA_RESET = 'PostUsersMfaResetFunction';

/** The POST method on /mfa-recovery/<leaf>. */
function recoveryMethod(leaf: string) {
  const parentId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Resource' && r.Properties.PathPart === 'mfa-recovery')?.[0];
  const leafId = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::ApiGateway::Resource' && r.Properties.PathPart === leaf && r.Properties.ParentId.Ref === parentId,
  )?.[0];
  const method = Object.values(resources).find(
    (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === 'POST' && r.Properties.ResourceId.Ref === leafId,
  );
  if (!leafId || !method) throw new Error(`no POST /mfa-recovery/${leaf}`);
  return method.Properties;
}

const environmentOf = (prefix: string) => resources[functionLogicalId(template, prefix)].Properties.Environment.Variables;

describe('MFA-recovery routes', () => {
  it.each(['request', 'confirm'])('POST /mfa-recovery/%s is public (no authorizer) and runs its own function', (leaf) => {
    const method = recoveryMethod(leaf);
    expect(method.AuthorizationType).toBe('NONE');
    expect(method.AuthorizerId).toBeUndefined();
    const target = leaf === 'request' ? REQUEST : CONFIRM;
    expect(JSON.stringify(method.Integration.Uri)).toContain(functionLogicalId(template, target));
  });

  it('both routes have method-level throttling tighter than the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ResourcePath: '/~1mfa-recovery~1request', HttpMethod: 'POST', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 }),
        Match.objectLike({ ResourcePath: '/~1mfa-recovery~1confirm', HttpMethod: 'POST', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 }),
      ]),
    });
  });

  it('both functions feed the alert alarm', () => {
    for (const prefix of [REQUEST, CONFIRM]) {
      const logGroupId = resources[functionLogicalId(template, prefix)].Properties.LoggingConfig.LogGroup.Ref;
      template.hasResourceProperties('AWS::Logs::MetricFilter', { LogGroupName: { Ref: logGroupId }, FilterPattern: '{ $.alert = "*" }' });
    }
  });
});

describe('MFA-recovery least-privilege IAM', () => {
  it('both functions may only append (PutItem) to the audit table, whose name and retention they get', () => {
    for (const prefix of [REQUEST, CONFIRM]) {
      const onAudit = roleStatements(template, functionLogicalId(template, prefix)).filter((statement) =>
        JSON.stringify(statement.Resource).includes('DatabaseAudit'),
      );
      expect(onAudit.flatMap((statement) => [statement.Action].flat())).toEqual(['dynamodb:PutItem']);
      expect(environmentOf(prefix)).toMatchObject({ AUDIT_TABLE_NAME: expect.anything(), AUDIT_RETENTION_DAYS: '400' });
    }
  });

  // Which actions each strategy may call: the manifest test in stack.test.ts, for both strategies.
  it('the confirm function and the admin MFA reset are told the strategy their roles were built for (and only they)', () => {
    const recreate = synthesizeWith({ mfaRecoveryStrategy: 'recreate' });
    const functions = recreate.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: Record<string, string> } } }
    >;
    const told = Object.entries(functions).flatMap(([id, fn]) => {
      const strategy = fn.Properties.Environment?.Variables?.MFA_RECOVERY_STRATEGY;
      return strategy ? [[id.replace(/Function.*$/, 'Function'), strategy]] : [];
    });
    expect(Object.fromEntries(told)).toEqual({ [CONFIRM]: 'recreate', [MFA_RESET]: 'recreate' });
  });

  it.each([
    ['reset', ['AdminCreateUser', 'AdminDeleteSoftwareToken', 'AdminGetUser', 'AdminSetUserPassword', 'AdminUserGlobalSignOut']],
    ['recreate', ['AdminAddUserToGroup', 'AdminCreateUser', 'AdminDeleteUser', 'AdminGetUser', 'AdminListGroupsForUser']],
  ] as const)("the admin MFA reset's role under %s: that strategy's Cognito calls, on the pool, and no other", (strategy, actions) => {
    const synthesized = strategy === 'reset' ? template : synthesizeWith({ mfaRecoveryStrategy: strategy });
    const onCognito = roleStatements(synthesized, functionLogicalId(synthesized, MFA_RESET)).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')),
    );
    expect(onCognito.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(actions.map((action) => `cognito-idp:${action}`));
    for (const statement of onCognito) expect(JSON.stringify(statement.Resource)).toContain('IdentityUserPool');
  });

  it('refuses an unknown mfaRecoveryStrategy at synth', () => {
    expect(() => synthesizeWith({ mfaRecoveryStrategy: 'delete' })).toThrow(/mfaRecoveryStrategy/);
  });

  it('scopes every action: Cognito to the pool, DynamoDB to the tables, SES to the sender domain identity and address', () => {
    const senderDomain = String(context.senderEmail).split('@')[1];
    for (const prefix of [REQUEST, CONFIRM]) {
      for (const statement of roleStatements(template, functionLogicalId(template, prefix))) {
        const actions = [statement.Action].flat();
        const resource = JSON.stringify(statement.Resource);
        expect(resource).not.toContain('"*"');
        if (actions.some((a) => a.startsWith('cognito-idp:'))) expect(resource).toContain('IdentityUserPool');
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(resource).toMatch(/DatabaseTable|DatabaseAuditTable/);
        if (actions.some((a) => a.startsWith('secretsmanager:'))) expect(resource).toContain('RateLimitKeySecret');
        if (actions.includes('ses:SendEmail')) {
          expect(actions).toEqual(['ses:SendEmail']);
          expect(resource).toContain(`:identity/${senderDomain}`);
          expect(resource).toContain('AWS::AccountId');
          expect((statement as { Condition?: unknown }).Condition).toEqual({ StringEquals: { 'ses:FromAddress': context.senderEmail } });
        }
      }
    }
  });
});

describe('MFA-recovery configuration', () => {
  it("the request function gets the link base (the web app's landing page), the sender from CDK context, and the limits", () => {
    expect(environmentOf(REQUEST)).toMatchObject({
      RECOVERY_URL_BASE: webOriginJoin(template, WEB_PAGES.mfaRecoveryConfirm),
      SENDER_EMAIL: context.senderEmail,
      MIN_RESPONSE_MS: '5000',
      RECOVERY_LIMIT_WINDOW_SECONDS: expect.any(String),
      RECOVERY_REQUEST_LIMIT_PER_ACCOUNT: expect.any(String),
      RECOVERY_REQUEST_LIMIT_PER_IP: expect.any(String),
      TABLE_NAME: expect.anything(),
      FRONTEND_ORIGIN: webOriginJoin(template),
    });
  });

  it('the confirm function gets only what it reads: its strategy, the notice sender, the limit', () => {
    const environment = environmentOf(CONFIRM);
    expect(environment).toMatchObject({
      MIN_RESPONSE_MS: '5000',
      RECOVERY_CONFIRM_LIMIT_PER_IP: expect.any(String),
      TABLE_NAME: expect.anything(),
      SENDER_EMAIL: context.senderEmail,
      MFA_RECOVERY_STRATEGY: 'reset',
    });
    expect(environment.RECOVERY_URL_BASE).toBeUndefined();
  });

  it('each function may run longer than the minimum response time it must hold, and confirm less than its lease', () => {
    for (const prefix of [REQUEST, CONFIRM]) {
      const fn = resources[functionLogicalId(template, prefix)].Properties;
      expect(fn.Timeout * 1000).toBeGreaterThan(Number(fn.Environment.Variables.MIN_RESPONSE_MS) + 5_000);
    }
    expect(resources[functionLogicalId(template, CONFIRM)].Properties.Timeout * 1000).toBeLessThan(RECOVERY_LEASE_MS);
  });
});
