import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AccountLifecycleStack } from '../../lib/account-lifecycle-stack';
import { applyNagChecks } from '../../lib/nag';
import { stackPropsFromContext } from '../../lib/stack-config';
import { cdkContext, synthesizeWith } from '../support/template';

/** The smoke suite's inbox (lib/constructs/test-inbox.ts): only when `testInboxDomain` is set. */
describe('test inbox', () => {
  it('is not part of a stack without testInboxDomain', () => {
    const template = synthesizeWith({});
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    expect(Object.keys(template.findOutputs('TestInboxBucket'))).toEqual([]);
  });

  it('stores mail for the test domain in a private, encrypted, TLS-only bucket that only this account’s SES may write (under inbox/), kept 7 days', () => {
    const template = synthesizeWith({ testInboxDomain: 'smoke.example.com' });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        ScanEnabled: true,
        Recipients: ['smoke.example.com'],
        Actions: [{ S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbox/' } }],
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 7, Status: 'Enabled' }] },
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).map((policy) => JSON.stringify(policy.Properties));
    const inboxPolicy = policies.find((policy) => policy.includes('ses.amazonaws.com'));
    expect(inboxPolicy).toContain('aws:SecureTransport');
    expect(inboxPolicy).toContain('aws:SourceAccount');
    expect(inboxPolicy).toContain('/inbox/*');
    for (const output of ['TestInboxBucket', 'TestInboxDomain', 'TestInboxRuleSet']) expect(Object.keys(template.findOutputs(output))).toEqual([output]);
  });

  it('passes cdk-nag as bin/app.ts runs it (no unacknowledged finding)', () => {
    const context = { ...cdkContext(), 'aws:cdk:bundling-stacks': [], testInboxDomain: 'smoke.example.com' };
    const app = new App({ context, outdir: mkdtempSync(path.join(tmpdir(), 'nag-inbox-')) });
    applyNagChecks(app);
    new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('refuses a testInboxDomain that is not a domain name', () => {
    expect(() => synthesizeWith({ testInboxDomain: 'not a domain' })).toThrow(/must be a domain name/);
  });
});
