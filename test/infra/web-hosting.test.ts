import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WEB_PAGES } from '../../web/pages';
import { HSTS_MAX_AGE_SECONDS } from '../../web/security-headers';
import { functionLogicalId, synthesize, synthesizeWith, webOriginJoin } from '../support/template';

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
const onlyOf = (type: string) => {
  const found = Object.entries(resources).filter(([, resource]) => resource.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

describe('web hosting (S3 + CloudFront)', () => {
  it('keeps the app in a private, encrypted bucket that refuses plain HTTP', () => {
    const site = Object.entries(resources).find(([id, resource]) => resource.Type === 'AWS::S3::Bucket' && id.startsWith('WebSite'))?.[1];
    expect(site?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 's3/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('serves it through CloudFront only (origin access control), over HTTPS only, with access logs', () => {
    const [oacId] = onlyOf('AWS::CloudFront::OriginAccessControl');
    const [, distribution] = onlyOf('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]).toMatchObject({ OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'], Compress: true });
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: { Bucket: expect.anything(), Prefix: 'cloudfront/' } });
    // Only CloudFront (this distribution) may read the bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('answers every file with the strict CSP (connect-src: the API and Cognito only), HSTS, no referrer, nosniff and no framing', () => {
    const [, policy] = onlyOf('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-');
    expect(csp).toMatch(/connect-src 'self' https:\/\/","?,?\{"Ref":"Api\w+"\},"\.execute-api\./);
    expect(csp).toContain('https://cognito-idp.');
  });

  it('rewrites only the app page paths to index.html (other paths stay files)', () => {
    const [, fn] = onlyOf('AWS::CloudFront::Function');
    for (const page of Object.values(WEB_PAGES)) expect(fn.Properties.FunctionCode).toContain(`"${page}"`);
  });

  it('deploys the built app and a config.json naming the API, the pool and the web client', () => {
    const [, deployment] = onlyOf('Custom::CDKBucketDeployment');
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    const webClient = Object.keys(resources).find((id) => id.startsWith('IdentityUserPoolWebClient'));
    expect(markers).toContain(`"Ref":"${webClient}"`);
    expect(markers).toContain('"Ref":"IdentityUserPool');
  });

  it('is the default frontend origin (CORS) and recovery link base of the functions', () => {
    for (const prefix of ['PostAdminsFunction', 'MfaRecoveryPostMfaRecoveryRequestFunction']) {
      expect(resources[functionLogicalId(template, prefix)].Properties.Environment.Variables.FRONTEND_ORIGIN).toEqual(webOriginJoin(template));
    }
    expect(resources[functionLogicalId(template, 'MfaRecoveryPostMfaRecoveryRequestFunction')].Properties.Environment.Variables.RECOVERY_URL_BASE).toEqual(
      webOriginJoin(template, WEB_PAGES.mfaRecoveryConfirm),
    );
  });

  it('context frontendOrigin and recoveryUrlBase override the defaults', () => {
    const overridden = synthesizeWith({ frontendOrigin: 'https://app.example.org', recoveryUrlBase: 'https://app.example.org/recover' });
    const variables = Object.values(overridden.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment?.Variables ?? {});
    expect(variables.filter((v) => v.FRONTEND_ORIGIN).every((v) => v.FRONTEND_ORIGIN === 'https://app.example.org')).toBe(true);
    expect(variables.some((v) => v.RECOVERY_URL_BASE === 'https://app.example.org/recover')).toBe(true);
    overridden.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('webHosting=false leaves the bucket, CloudFront and the deployment out, and then needs frontendOrigin and recoveryUrlBase', () => {
    expect(() => synthesizeWith({ webHosting: 'false' })).toThrow(/frontendOrigin and recoveryUrlBase are required/);
    const own = synthesizeWith({ webHosting: 'false', frontendOrigin: 'https://app.example.org', recoveryUrlBase: 'https://app.example.org/recover' });
    for (const type of ['AWS::CloudFront::Distribution', 'Custom::CDKBucketDeployment', 'AWS::CloudFront::ResponseHeadersPolicy']) {
      own.resourceCountIs(type, 0);
    }
    // The audit archive has buckets of its own (lib/constructs/audit-archive.ts); none of the web app's is left.
    const buckets = Object.keys(own.findResources('AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.filter((id) => !id.startsWith('AuditArchive'))).toEqual([]);
    expect(() => synthesizeWith({ webHosting: 'maybe' })).toThrow(/must be true or false/);
  });
});
