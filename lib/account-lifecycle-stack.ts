import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ADMIN_INDEX } from '../lambdas/adapters/dynamodb/table-layout';
import { FIRST_SIGN_IN_DEFAULTS } from '../lambdas/auth/settings';
import type { MfaRecoveryStrategy } from '../lambdas/mfa-recovery/confirm-mfa-reset';
import { Alerting } from './constructs/alerting';
import { ApiFirewall } from './constructs/api-firewall';
import { ApiFunction } from './constructs/api-function';
import { AuditArchive } from './constructs/audit-archive';
import { WebHosting, cognitoEndpointOrigin } from './constructs/web-hosting';
import { WEB_PAGES } from '../web/pages';
import { acknowledgeNag } from './nag';
import { Database } from './constructs/database';
import { Identity } from './constructs/identity';
import { MfaRecoveryFunctions, sesIdentityArn } from './constructs/mfa-recovery-functions';
import { RateLimitKey } from './constructs/rate-limit-key';
import { TestInbox } from './constructs/test-inbox';
import { GATEWAY_RESPONSE_HEADERS, GATEWAY_RESPONSES } from './gateway-responses';
import { apiGatewayModelSchema } from './request-models';
import { API_ROUTES, pathParameterNames, queryParameterNames } from './routes';

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
    const recoveryUrlBase = props.recoveryUrlBase ?? (web ? `${web.origin}${WEB_PAGES.recoveryLanding}` : undefined);
    if (!frontendOrigin || !recoveryUrlBase) throw new Error('Without web hosting (webHosting=false), frontendOrigin and recoveryUrlBase are required');
    const { table, auditTable } = new Database(this, 'Database', { auditRetentionDays: props.auditRetentionDays });
    const poolArn = identity.userPool.userPoolArn;
    // Read by the functions that count attempts (resend, first sign-in, MFA recovery), and only by them.
    const rateLimitKey = new RateLimitKey(this, 'RateLimitKey');
    const cognitoEnv = {
      COGNITO_USER_POOL_ID: identity.userPool.userPoolId,
      COGNITO_CLIENT_ID: identity.client.userPoolClientId,
      FRONTEND_ORIGIN: frontendOrigin,
    };

    const auditEnv = { AUDIT_TABLE_NAME: auditTable.tableName, AUDIT_RETENTION_DAYS: String(auditTable.retentionDays) };
    const tableEnv = { ...cognitoEnv, TABLE_NAME: table.tableName, ...auditEnv };

    // Each function's main-table actions and partitions: lib/table-access.ts.
    const adminIndexArn = `${table.tableArn}/index/${ADMIN_INDEX.name}`;

    const provisionNewAdmin = new ApiFunction(this, 'ProvisionNewAdminFunction', {
      handlerFile: 'provision-new-admin',
      description: 'POST /admins: create a Cognito admin and its User/AdminInfo records together',
      environment: tableEnv,
    })
      .allow(
        ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser'],
        [poolArn],
      )
      .allowTable(table.tableArn);
    auditTable.grantAppend(provisionNewAdmin);

    const resendAdminInvite = new ApiFunction(this, 'ResendAdminInviteFunction', {
      handlerFile: 'resend-admin-invite',
      description: 'POST /admins/resend-invite: re-send a pending or expired admin invitation',
      environment: tableEnv,
    })
      .allow(['cognito-idp:AdminCreateUser'], [poolArn])
      .allowTable(table.tableArn);
    auditTable.grantAppend(resendAdminInvite);
    rateLimitKey.grantRead(resendAdminInvite);

    const listAdmins = new ApiFunction(this, 'ListAdminsFunction', {
      handlerFile: 'list-admins',
      description: 'GET /admins: every admin with their invitation and account status',
      environment: tableEnv,
    })
      .allow(['cognito-idp:AdminGetUser'], [poolArn])
      .allowTable(table.tableArn)
      // No LeadingKeys here: the documentation does not say which partition key IAM sees for an index Query (docs/security.md, least privilege).
      .allow(['dynamodb:Query'], [adminIndexArn]);

    const deactivateAdmin = new ApiFunction(this, 'DeactivateAdminFunction', {
      handlerFile: 'deactivate-admin',
      description: 'POST /admins/{userId}/deactivate: disable an admin and sign them out everywhere',
      environment: tableEnv,
    })
      .allow(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'], [poolArn])
      .allowTable(table.tableArn);
    auditTable.grantAppend(deactivateAdmin);

    const reactivateAdmin = new ApiFunction(this, 'ReactivateAdminFunction', {
      handlerFile: 'reactivate-admin',
      description: 'POST /admins/{userId}/reactivate: enable a deactivated admin again',
      environment: tableEnv,
    })
      .allow(['cognito-idp:AdminEnableUser'], [poolArn])
      .allowTable(table.tableArn);
    auditTable.grantAppend(reactivateAdmin);

    const resetUserMfa = new ApiFunction(this, 'ResetUserMfaFunction', {
      handlerFile: 'reset-user-mfa',
      description: "POST /users/{userId}/mfa-reset: reset another user's authenticator in place and re-invite them",
      environment: { ...tableEnv, SENDER_EMAIL: props.senderEmail },
    })
      .allow(
        ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteSoftwareToken', 'cognito-idp:AdminCreateUser'],
        [poolArn],
      )
      .allowTable(table.tableArn);
    auditTable.grantAppend(resetUserMfa);
    resetUserMfa.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [sesIdentityArn(this, props.senderEmail)],
        conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
      }),
    );

    const newPasswordChallenge = new ApiFunction(this, 'NewPasswordChallengeFunction', {
      handlerFile: 'new-password-challenge',
      description: 'POST /auth/new-password: answer NEW_PASSWORD_REQUIRED at first sign-in',
      // Every refusal waits this long; the function must outlive it plus the real work.
      responseFloorMs: FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_MIN_RESPONSE_MS,
      environment: { ...tableEnv, ...Object.fromEntries(Object.entries(FIRST_SIGN_IN_DEFAULTS).map(([name, value]) => [name, String(value)])) },
    })
      .allow(['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminRespondToAuthChallenge'], [poolArn])
      .allowTable(table.tableArn);
    auditTable.grantAppend(newPasswordChallenge);
    rateLimitKey.grantRead(newPasswordChallenge);

    const getUserAudit = new ApiFunction(this, 'GetUserAuditFunction', {
      handlerFile: 'get-user-audit',
      description: "GET /users/{userId}/audit: read a user's audit trail",
      environment: tableEnv,
    }).allowTable(table.tableArn);
    auditTable.grantRead(getUserAudit);

    const mfaRecovery = new MfaRecoveryFunctions(this, 'MfaRecovery', {
      table,
      auditTable,
      rateLimitKey,
      userPool: identity.userPool,
      baseEnvironment: cognitoEnv,
      recoveryUrlBase,
      senderEmail: props.senderEmail,
      knobs: props.recoveryMinResponseMs === undefined ? undefined : { MIN_RESPONSE_MS: props.recoveryMinResponseMs },
      strategy: props.mfaRecoveryStrategy,
    });

    const functions = [
      provisionNewAdmin,
      resendAdminInvite,
      listAdmins,
      deactivateAdmin,
      reactivateAdmin,
      resetUserMfa,
      getUserAudit,
      newPasswordChallenge,
      mfaRecovery.request,
      mfaRecovery.confirm,
    ];

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
          API_ROUTES.filter((route) => route.access === 'public').map((route) => [
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
    const adminOnly: apigateway.MethodOptions = {
      authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      requestParameters: { 'method.request.header.Authorization': true },
    };
    // Structurally wrong bodies, and admin calls without an Authorization header, are refused at the
    // edge before any Lambda runs (see request-models.ts).
    const requestValidator = this.api.addRequestValidator('RequestValidator', { validateRequestBody: true, validateRequestParameters: true });

    // lib/routes.ts is the one route table (the local API serves the same one).
    for (const route of API_ROUTES) {
      const target = functions.find((fn) => fn.handlerFile === route.handlerFile);
      if (!target) throw new Error(`No function runs ${route.handlerFile} for ${route.method} ${route.path}`);
      const model =
        route.body &&
        this.api.addModel(`${pascalCase(route.handlerFile)}Body`, { contentType: 'application/json', schema: apiGatewayModelSchema(route.body) });
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, new apigateway.LambdaIntegration(target), {
        ...(route.access === 'admin' ? adminOnly : {}),
        requestParameters: {
          ...(route.access === 'admin' ? adminOnly.requestParameters : {}),
          ...Object.fromEntries(pathParameterNames(route.path).map((name) => [`method.request.path.${name}`, true])),
          ...Object.fromEntries(queryParameterNames(route).map((name) => [`method.request.querystring.${name}`, false])),
        },
        requestValidator,
        // `$default`: the model applies whatever Content-Type the client sends, so no body skips the edge check.
        ...(model && { requestModels: { $default: model } }),
      });
      if (route.access === 'public') acknowledgePublicRoute(method);
    }

    new ApiFirewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      publicPathFragments: API_ROUTES.filter((route) => route.access === 'public').map((route) => route.path),
      publicRequestsPer5Minutes: PUBLIC_ROUTE_REQUESTS_PER_IP_PER_5_MINUTES,
    });

    const auditArchive = new AuditArchive(this, 'AuditArchive', { auditTable });
    const alerting = new Alerting(this, 'Alerting', { alarmEmail: props.alarmEmail });
    alerting.watchFunctions([...functions, auditArchive.archiver]);
    alerting.watchAuditArchive(auditArchive);
    alerting.watchApi(this.api);

    web?.publish(
      { apiUrl: this.api.url.replace(/\/$/, ''), userPoolId: identity.userPool.userPoolId, userPoolClientId: identity.webClient.userPoolClientId },
      [`https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`, cognitoEndpointOrigin()],
    );

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
    'Pre-authentication route: the caller has no token by definition (first sign-in or lost MFA device). It is protected by WAF per-IP rate rules, method throttling, request validation, and the flow\'s own attempt limits.';
  acknowledgeNag(method, 'AwsSolutions-APIG4', reason);
  acknowledgeNag(method, 'AwsSolutions-COG4', reason);
}

/** "request-mfa-reset" -> "RequestMfaReset". */
function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
