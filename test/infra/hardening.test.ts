import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AccountLifecycleStack } from '../../lib/account-lifecycle-stack';
import { applyNagChecks } from '../../lib/nag';
import { API_ROUTES } from '../../lib/routes';
import { stackPropsFromContext } from '../../lib/stack-config';
import { synthesize } from '../support/template';

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; Metadata?: any }>;

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with no unacknowledged finding, exactly as bin/app.ts does', () => {
    const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    const app = new App({ context: cdkJson.context, outdir: mkdtempSync(path.join(tmpdir(), 'nag-')) });
    applyNagChecks(app);
    const stack = new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
    expect(() => app.synth()).not.toThrow();

    // Every acknowledgement names a rule and gives a specific reason (no blanket suppressions).
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ id, reason })))
      // aws-cdk-lib acknowledges one CloudFormation linter warning itself (W3045, the ACL that CloudFront's log bucket needs).
      .filter(({ id }) => id !== 'CloudFormation-Validate::W3045');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, `reason for ${id}`).toBeGreaterThan(60);
    }
    const rules = new Set(acknowledged.map(({ id }) => id.replace(/\[.*$/, '')));
    expect([...rules].sort()).toEqual(
      [
        'AwsSolutions::AwsSolutions-APIG4',
        'AwsSolutions::AwsSolutions-COG4',
        'AwsSolutions::AwsSolutions-IAM4',
        'AwsSolutions::AwsSolutions-L1',
        // The attempt counters' key (lib/constructs/rate-limit-key.ts): not rotated.
        'AwsSolutions::AwsSolutions-SMG4',
        // Web hosting (lib/constructs/web-hosting.ts): the log bucket, CloudFront, and CDK's BucketDeployment handler.
        'AwsSolutions::AwsSolutions-S1',
        'AwsSolutions::AwsSolutions-CFR1',
        'AwsSolutions::AwsSolutions-CFR2',
        'AwsSolutions::AwsSolutions-CFR4',
        'AwsSolutions::AwsSolutions-IAM5',
      ].sort(),
    );
  });
});

describe('WAF', () => {
  it('protects the stage with AWS managed rules and a per-IP rate rule on every public route', () => {
    const publicPaths = API_ROUTES.filter((route) => route.access === 'public').map((route) => route.path);
    const rateRules = publicPaths.map((fragment) =>
      Match.objectLike({
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: Match.objectLike({
            AggregateKeyType: 'IP',
            Limit: 100,
            ScopeDownStatement: { ByteMatchStatement: Match.objectLike({ SearchString: fragment, FieldToMatch: { UriPath: {} } }) },
          }),
        },
      }),
    );
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } } }),
        ...rateRules,
      ]),
    });
    const association = Object.values(resources).find((r) => r.Type === 'AWS::WAFv2::WebACLAssociation')!;
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain('stages/');
  });
});

describe('request validation at the edge', () => {
  it('every route with a body validates it against a model generated from the handler schema', () => {
    const methods = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.RequestModels);
    expect(methods).toHaveLength(API_ROUTES.filter((route) => route.body).length);
    for (const method of methods) {
      expect(method.Properties.RequestValidatorId).toBeDefined();
      // `$default`: validated whatever Content-Type the client sends.
      const modelId = method.Properties.RequestModels.$default.Ref;
      const schema = resources[modelId].Properties.Schema;
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: expect.any(Array) });
    }
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
  });

  it('the generated models keep structure only (patterns and formats stay with the handler, which normalizes first)', () => {
    const models = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Model');
    expect(models).toHaveLength(API_ROUTES.filter((route) => route.body).length);
    for (const [, model] of models) expect(JSON.stringify(model.Properties.Schema)).not.toMatch(/"pattern"|"format"/);
    const [, requestModel] = models.find(([id]) => id.startsWith('ApiPostMfaRecoveryRequestBody'))!;
    expect(requestModel.Properties.Schema.properties.license).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['jurisdiction', 'licenseType', 'licenseNumber', 'dateOfBirth'],
    });
  });

  it('routes without a body declare their path parameters (required) and query parameters (optional) for the validator', () => {
    const methods = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === 'GET');
    expect(methods.length).toBe(API_ROUTES.filter((route) => route.method === 'GET').length);
    const audit = methods.find((m) => m.Properties.RequestParameters['method.request.path.userId'] !== undefined)!;
    expect(audit.Properties.RequestParameters).toEqual({
      'method.request.header.Authorization': true,
      'method.request.path.userId': true,
      'method.request.querystring.cursor': false,
      'method.request.querystring.limit': false,
    });
    expect(audit.Properties.RequestModels).toBeUndefined();
  });

  it('API Gateway answers a rejected body in the service error shape', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('VALIDATION_FAILED') },
    });
  });
});
