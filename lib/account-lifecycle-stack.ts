import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { MfaRecoveryStrategy } from '../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { Alerting } from './constructs/alerting';
import { ApiFirewall } from './constructs/api-firewall';
import { ApiFunction } from './constructs/api-function';
import { AuditArchive } from './constructs/audit-archive';
import { CognitoTriggers } from './constructs/cognito-triggers';
import { WebHosting, cognitoEndpointOrigin } from './constructs/web-hosting';
import { WEB_PAGES } from '../web/pages';
import { acknowledgeNag } from './nag';
import { Database } from './constructs/database';
import { Identity } from './constructs/identity';
import { RateLimitKey } from './constructs/rate-limit-key';
import { RecoveryCodeKey } from './constructs/recovery-code-key';
import { TestInbox } from './constructs/test-inbox';
import { GATEWAY_RESPONSE_HEADERS, GATEWAY_RESPONSES } from './gateway-responses';
import { apiGatewayModelSchema } from './request-models';
import { COGNITO_TRIGGERS, type CognitoTrigger, type TriggerFunction } from './cognito-triggers';
import { type FunctionResources, functionEnvironment, triggerEnvironment } from './function-environment';
import { type GrantTargets, grantDeclared } from './function-grants';
import { API_ROUTES, type ApiRoute, pascalCase, pathParameterNames, queryParameterNames } from './routes';

export interface AccountLifecycleStackProps extends StackProps {
  /** The frontend's origin: the only CORS origin allowed (e.g. https://app.example.com). */
  readonly frontendOrigin?: string;
  /** MFA recovery: the page the emailed link opens (`<recoveryUrlBase>#token=...`; the web app's `/mfa-recovery` by default). */
  readonly recoveryUrlBase?: string;
  /** Host the web app (S3 + CloudFront); default true. With false, `frontendOrigin` and `recoveryUrlBase` are required. */
  readonly webHosting?: boolean;
  /** MFA recovery: the sender of the recovery email (its domain must be a verified SES identity). */
  readonly senderEmail: string;
  /** MFA recovery: minimum response time of its routes, ms (default 5000). */
  readonly recoveryMinResponseMs?: number;
  /** Days the audit table keeps a record before TTL removes it (default 400). */
  readonly auditRetentionDays?: number;
  /** MFA recovery: how confirm recovers the account (default `reset`; see docs/mfa-recovery.md, Strategies). */
  readonly mfaRecoveryStrategy?: MfaRecoveryStrategy;
  /** Who is emailed every alarm (an SNS email subscription); without it the alarm topic has no subscriber. */
  readonly alarmEmail?: string;
  /** A test-only mail domain: adds the smoke suite's inbox (SES receipt rule into a bucket; docs/smoke-tests.md). */
  readonly testInboxDomain?: string;
  /** The routes to serve, each with its function (default: the manifest, API_ROUTES; tests pass a changed copy). */
  readonly routes?: readonly ApiRoute[];
  /** The pool's trigger functions (default: the trigger manifest, COGNITO_TRIGGERS; tests pass a changed copy). */
  readonly triggers?: Readonly<Record<CognitoTrigger, TriggerFunction>>;
}

/** Throttling for the whole stage; public routes get tighter limits of their own. */
const STAGE_THROTTLING = { rateLimit: 50, burstLimit: 100 } as const;
const PUBLIC_ROUTE_THROTTLING = { rateLimit: 10, burstLimit: 20 } as const;
/** WAF: requests per source IP per 5 minutes on the public routes before the IP is blocked. */
const PUBLIC_ROUTE_REQUESTS_PER_IP_PER_5_MINUTES = 100;

/**
 * The account-lifecycle service: Cognito user pool, DynamoDB table, and one REST API whose routes
 * each run their own least-privilege Lambda function.
 */
export class AccountLifecycleStack extends Stack {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: AccountLifecycleStackProps) {
    super(scope, id, props);

    const identity = new Identity(this, 'Identity');
    // The web app's distribution comes first: its origin is the API's CORS origin and the recovery links' base.
    const web = props.webHosting === false ? undefined : new WebHosting(this, 'Web');
    const frontendOrigin = props.frontendOrigin ?? web?.origin;
    const recoveryUrlBase = props.recoveryUrlBase ?? (web ? `${web.origin}${WEB_PAGES.mfaRecoveryConfirm}` : undefined);
    if (!frontendOrigin || !recoveryUrlBase) throw new Error('Without web hosting (webHosting=false), frontendOrigin and recoveryUrlBase are required');
    const { table, auditTable } = new Database(this, 'Database', { auditRetentionDays: props.auditRetentionDays });
    const poolArn = identity.userPool.userPoolArn;
    // Read by the functions that count attempts (resend, first sign-in, MFA recovery), and only by them.
    const rateLimitKey = new RateLimitKey(this, 'RateLimitKey');
    // Read by the functions that make or check saved recovery codes, and only by them.
    const recoveryCodeKey = new RecoveryCodeKey(this, 'RecoveryCodeKey');
    const strategy = props.mfaRecoveryStrategy ?? 'reset';
    const grantTargets: GrantTargets = { table, auditTable, rateLimitKey, recoveryCodeKey, senderEmail: props.senderEmail, strategy };
    const resources: FunctionResources = {
      userPoolId: identity.userPool.userPoolId,
      clientId: identity.client.userPoolClientId,
      frontendOrigin,
      tableName: table.tableName,
      auditTableName: auditTable.tableName,
      auditRetentionDays: auditTable.retentionDays,
      rateLimitKeySecretArn: rateLimitKey.secret.secretArn,
      recoveryCodeKeySecretArn: recoveryCodeKey.secret.secretArn,
      recoveryUrlBase,
      senderEmail: props.senderEmail,
      mfaRecoveryStrategy: strategy,
      recoveryMinResponseMs: props.recoveryMinResponseMs,
    };
    // The MFA-recovery functions sit in their own scope, as before the manifest: their logical ids (alarms, log groups) stay.
    const mfaRecoveryScope = new Construct(this, 'MfaRecovery');

    // One function per route, each with its manifest entry's environment and grants, and nothing else.
    const routes = props.routes ?? API_ROUTES;
    const functions = routes.map((route) => {
      const environment = functionEnvironment(route, resources);
      const fn = new ApiFunction(route.path.startsWith('/mfa-recovery/') ? mfaRecoveryScope : this, `${pascalCase(route.name)}Function`, {
        handlerFile: route.name,
        description: route.description,
        environment,
        responseFloorMs: route.responseFloor && Number(environment[route.responseFloor]),
      });
      grantDeclared(fn, route.grants, { ...grantTargets, poolArn });
      const timeoutMs = fn.timeout!.toMilliseconds();
      if (route.timeoutBelowMs !== undefined && timeoutMs >= route.timeoutBelowMs) {
        throw new Error(
          `${route.name}: its timeout (${timeoutMs} ms) must stay below ${route.timeoutBelowMs} ms: lower ${route.responseFloor ?? 'its response floor'}`,
        );
      }
      return fn;
    });

    const triggers = new CognitoTriggers(this, 'CognitoTriggers', {
      triggers: props.triggers ?? COGNITO_TRIGGERS,
      environment: (trigger) => triggerEnvironment(trigger, resources),
      grant: (fn, trigger) => grantDeclared(fn, trigger.grants, grantTargets),
    });
    identity.attachTriggers(triggers);

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: 'account-lifecycle',
      description: 'Admin provisioning and self-serve MFA recovery',
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: STAGE_THROTTLING.rateLimit,
        throttlingBurstLimit: STAGE_THROTTLING.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        methodOptions: Object.fromEntries(
          routes
            .filter((route) => route.access === 'public')
            .map((route) => [
              `${route.path}/${route.method}`,
              { throttlingRateLimit: PUBLIC_ROUTE_THROTTLING.rateLimit, throttlingBurstLimit: PUBLIC_ROUTE_THROTTLING.burstLimit },
            ]),
        ),
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [frontendOrigin],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization'],
      },
    });
    addJsonGatewayResponses(this.api, frontendOrigin);
    acknowledgeNag(
      this.api.node.findChild('CloudWatchRole'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "API Gateway's account-level logging role; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it and is needed for access and error logs.",
    );

    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'AdminAuthorizer', {
      cognitoUserPools: [identity.userPool],
      identitySource: apigateway.IdentitySource.header('Authorization'),
    });
    // Admin and user routes alike: a valid ID token of the pool; the handlers check who (lib/routes.ts RouteAccess).
    const signedIn: apigateway.MethodOptions = {
      authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      requestParameters: { 'method.request.header.Authorization': true },
    };
    // Structurally wrong bodies, and signed-in calls without an Authorization header, are refused at the
    // edge before any Lambda runs (see request-models.ts).
    const requestValidator = this.api.addRequestValidator('RequestValidator', { validateRequestBody: true, validateRequestParameters: true });

    // lib/routes.ts is the one route table (the local API serves the same one).
    routes.forEach((route, index) => {
      const target = functions[index];
      const model =
        route.body && this.api.addModel(`${pascalCase(route.name)}Body`, { contentType: 'application/json', schema: apiGatewayModelSchema(route.body) });
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, new apigateway.LambdaIntegration(target), {
        ...(route.access !== 'public' ? signedIn : {}),
        requestParameters: {
          ...(route.access !== 'public' ? signedIn.requestParameters : {}),
          ...Object.fromEntries(pathParameterNames(route.path).map((name) => [`method.request.path.${name}`, true])),
          ...Object.fromEntries(queryParameterNames(route).map((name) => [`method.request.querystring.${name}`, false])),
        },
        requestValidator,
        // `$default`: the model applies whatever Content-Type the client sends, so no body skips the edge check.
        ...(model && { requestModels: { $default: model } }),
      });
      if (route.access === 'public') acknowledgePublicRoute(method);
    });

    new ApiFirewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      publicPathFragments: routes.filter((route) => route.access === 'public').map((route) => route.path),
      publicRequestsPer5Minutes: PUBLIC_ROUTE_REQUESTS_PER_IP_PER_5_MINUTES,
    });

    const auditArchive = new AuditArchive(this, 'AuditArchive', { auditTable });
    const alerting = new Alerting(this, 'Alerting', { alarmEmail: props.alarmEmail });
    alerting.watchFunctions([...functions, ...triggers.functions, auditArchive.archiver]);
    alerting.watchAuditArchive(auditArchive);
    alerting.watchApi(this.api);

    web?.publish({ apiUrl: this.api.url.replace(/\/$/, ''), userPoolId: identity.userPool.userPoolId, userPoolClientId: identity.webClient.userPoolClientId }, [
      `https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`,
      cognitoEndpointOrigin(),
    ]);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    if (web) new CfnOutput(this, 'WebAppUrl', { value: `${web.origin}/` });
    new CfnOutput(this, 'WebClientId', { value: identity.webClient.userPoolClientId });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AuditTableName', { value: auditTable.tableName });
    new CfnOutput(this, 'AuditArchiveBucketName', { value: auditArchive.bucket.bucketName });
    if (props.testInboxDomain) new TestInbox(this, 'TestInbox', { domain: props.testInboxDomain });
  }
}

/** API Gateway's own rejections (authorizer, throttling, bad routes) in the same JSON shape as ours. */
function addJsonGatewayResponses(api: apigateway.RestApi, origin: string): void {
  for (const [type, { id, code, message }] of Object.entries(GATEWAY_RESPONSES)) {
    api.addGatewayResponse(id, {
      type: apigateway.ResponseType.of(type),
      responseHeaders: {
        ...Object.fromEntries(Object.entries(GATEWAY_RESPONSE_HEADERS).map(([name, value]) => [name, `'${value}'`])),
        'Access-Control-Allow-Origin': `'${origin}'`,
        // API Gateway's own request id, so its rejections carry a correlation id like the handlers' answers.
        'X-Correlation-Id': 'context.requestId',
      },
      templates: { 'application/json': JSON.stringify({ error: { code, message } }) },
    });
  }
}

/** Public routes serve callers who cannot have a token yet (first sign-in, lost MFA device). */
function acknowledgePublicRoute(method: apigateway.Method): void {
  const reason =
    "Pre-authentication route: the caller has no token by definition (first sign-in or lost MFA device). It is protected by WAF per-IP rate rules, method throttling, request validation, and the flow's own attempt limits.";
  acknowledgeNag(method, 'AwsSolutions-APIG4', reason);
  acknowledgeNag(method, 'AwsSolutions-COG4', reason);
}
