import { Aws, DefaultStackSynthesizer, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { writeWebApp } from '../../web/build';
import { WEB_CONFIG_FILE, WEB_PAGES, type WebAppConfig } from '../../web/pages';
import { HSTS_MAX_AGE_SECONDS, contentSecurityPolicy } from '../../web/security-headers';
import { acknowledgeNag } from '../nag';

/** How long CloudFront's and S3's access logs are kept. */
const ACCESS_LOG_RETENTION = Duration.days(90);

/**
 * The web app (web/) on a private, encrypted S3 bucket behind CloudFront: origin access control
 * (only this distribution reads the bucket), HTTPS only, and every answer with the strict CSP, HSTS,
 * `Referrer-Policy: no-referrer`, `nosniff` and frame denial. `publish` deploys the built app with
 * its `config.json` once the API it talks to exists.
 */
export class WebHosting extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the frontend origin (CORS) and the base of recovery links. */
  readonly origin: string;
  private readonly bucket: s3.Bucket;
  private connectSources: readonly string[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL, which the bucket owner then owns.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      logs,
      'AwsSolutions-S1',
      'This bucket receives the access logs of the web bucket and of CloudFront; logging its own access would log the log deliveries.',
    );

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      // Only built files live here; every deployment rewrites them.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Web app: strict CSP, HSTS, no referrer, nosniff, no framing',
      securityHeadersBehavior: {
        // Lazy: the API it may call is created after the distribution (whose origin the API's CORS names).
        contentSecurityPolicy: { contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.connectSources) }), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });

    // The app's pages are one index.html; every other path is a file (or a 403 from S3, as it should be).
    const pages = new cloudfront.Function(this, 'PagePaths', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Serve index.html at the web app page paths',
      code: cloudfront.FunctionCode.fromInline(
        `var PAGES = ${JSON.stringify(Object.values(WEB_PAGES))};\n` +
          'function handler(event) { var request = event.request; if (PAGES.indexOf(request.uri) !== -1) request.uri = "/index.html"; return request; }',
      ),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Account lifecycle web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: pages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR1',
      'The app serves admins and practitioners wherever they are; it holds only static files, and every call they make goes to the API, which has its own WAF and limits.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only (no secret, no per-user content); the API the app calls has its own regional WAF with per-IP rate rules. A CloudFront web ACL would have to live in us-east-1.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate has a fixed security policy; a minimum of TLSv1.2_2021 needs a custom domain and certificate (not part of this stack). Browsers negotiate TLS 1.2 or later anyway.',
    );
  }

  /**
   * Deploys the built app and its `config.json`, and lets its pages call `connectSources` (the API's
   * and Cognito's origins) and nothing else.
   */
  publish(config: WebAppConfig, connectSources: readonly string[]): void {
    this.connectSources = connectSources;
    new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.asset(writeWebApp()), s3deploy.Source.jsonData(WEB_CONFIG_FILE, config)],
      destinationBucket: this.bucket,
      // Hashed script and style names change with their content; index.html and config.json must not go stale.
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    acknowledgeBucketDeploymentNag(Stack.of(this), this.bucket);
  }
}

/** The Cognito endpoint the app's Amplify calls in this region (cognito-idp.<region>.amazonaws.com). */
export function cognitoEndpointOrigin(): string {
  return `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`;
}

/** BucketDeployment's own Lambda function (one per stack) is CDK's; what cdk-nag finds there is acknowledged here. */
function acknowledgeBucketDeploymentNag(stack: Stack, site: s3.Bucket): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('no BucketDeployment handler in the stack');
  const why = "CDK's BucketDeployment handler, run only by CloudFormation at deploy time to copy the built web app into its bucket";
  acknowledgeNag(
    handler,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${why}; it writes its own logs with AWS's basic execution policy.`,
  );
  acknowledgeNag(handler, 'AwsSolutions-L1', `${why}; CDK pins its Python runtime to the one it ships and tests the handler with.`);
  // CDK grants read on the asset bucket and read/write on the site bucket, with S3's action families.
  for (const action of ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledgeNag(handler, `AwsSolutions-IAM5[Action::${action}]`, `${why}; ${action} is limited to the CDK asset bucket and the web app's own bucket.`);
  }
  const siteArn = `<${stack.getLogicalId(site.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
  acknowledgeNag(handler, `AwsSolutions-IAM5[Resource::${siteArn}]`, `${why}; it replaces every object of the web app's own bucket (and only that bucket).`);
  // The bootstrap asset bucket, as cdk-nag spells it (unknown partition, account and region stay placeholders).
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const assets = `cdk-${qualifier}-assets-${account}-${region}`;
  acknowledgeNag(
    handler,
    `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::${assets}/*]`,
    `${why}; it reads the uploaded build from CDK's bootstrap asset bucket.`,
  );
  acknowledgeNag(
    handler,
    'AwsSolutions-IAM5[Resource::*]',
    `${why}; CloudFront's CreateInvalidation and GetInvalidation, which CDK grants on every distribution, to refresh the cache after a deployment.`,
  );
}
