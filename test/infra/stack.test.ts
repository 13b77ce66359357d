import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FIRST_SIGN_IN_DEFAULTS } from '../../lambdas/auth/settings';
import { WORST_CASE_CALL_MS } from '../../lambdas/composition/sdk-options';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SEQUENTIAL_AWS_CALLS } from '../../lib/function-timeouts';
import { leadingKeyPatterns } from '../../lib/table-access';
import { TRIGGER_FUNCTIONS } from '../../lib/cognito-triggers';
import { API_ROUTES, pascalCase } from '../../lib/routes';
import { functionIdOf, functionStatements, permissions } from '../support/iam-policy';
import { cdkContext, functionLogicalId, manifestPermissions, roleStatements, synthesize, synthesizeWith } from '../support/template';

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

/** The API Gateway method for `path` (e.g. "/admins") and `verb`. */
function method(path: string, verb = 'POST') {
  const byId = Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Resource'));
  const pathOf = (id: string): string => {
    const r = byId[id];
    const parent = r.Properties.ParentId.Ref ? pathOf(r.Properties.ParentId.Ref) : '';
    return `${parent}/${r.Properties.PathPart}`;
  };
  const found = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === verb && r.Properties.ResourceId.Ref && pathOf(r.Properties.ResourceId.Ref) === path,
  );
  if (!found) throw new Error(`no ${verb} ${path}`);
  return found.Properties;
}

describe('Lambda functions', () => {
  it('every handler runs on Node.js 22, arm64, with a log group that has a retention', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id.endsWith('Function') || id.includes('Function'));
    const apiFunctions = functions.filter(([, r]) => r.Properties.Handler === 'index.handler');
    expect(apiFunctions.length).toBeGreaterThanOrEqual(3);
    for (const [, fn] of apiFunctions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it.each(API_ROUTES.map((route) => [route.name, route] as const))(
    '%s gets exactly the settings its manifest entry declares, and those every function reads',
    (handlerFile, route) => {
      const environment = resources[functionIdOf(template, handlerFile)].Properties.Environment.Variables;
      const everyFunction = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'FRONTEND_ORIGIN'];
      expect(Object.keys(environment).sort()).toEqual([...everyFunction, ...route.env].sort());
      if (route.env.includes('AUDIT_RETENTION_DAYS')) expect(environment.AUDIT_RETENTION_DAYS).toBe('400');
    },
  );

  it('gives the first-sign-in function its attempt limits and response floor, and a timeout that outlives the floor', () => {
    const fn = resources[functionLogicalId(template, 'PostAuthNewPasswordFunction')].Properties;
    expect(fn.Environment.Variables).toMatchObject(Object.fromEntries(Object.entries(FIRST_SIGN_IN_DEFAULTS).map(([name, value]) => [name, String(value)])));
    expect(fn.Timeout * 1000).toBeGreaterThan(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_MIN_RESPONSE_MS + 4 * WORST_CASE_CALL_MS);
  });
});

describe('function timeouts', () => {
  it('every function outlives its longest sequence of AWS calls at their worst case (so compensation always runs)', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    for (const [handlerFile, calls] of Object.entries(SEQUENTIAL_AWS_CALLS)) {
      // Logical ids carry the route's name: post-mfa-recovery-request -> ...PostMfaRecoveryRequestFunction...
      const fn = functions.find(([id]) => id.includes(`${pascalCase(handlerFile)}Function`))?.[1];
      expect(fn, handlerFile).toBeDefined();
      const floor = Number(fn!.Properties.Environment.Variables.MIN_RESPONSE_MS ?? 0);
      expect(fn!.Properties.Timeout * 1000, handlerFile).toBeGreaterThan(calls * WORST_CASE_CALL_MS + floor);
    }
  });
});

describe('least-privilege IAM', () => {
  it.each(['reset', 'recreate'] as const)(
    'every function’s role allows exactly its manifest entry’s grants, on exactly their resources (strategy %s)',
    (strategy) => {
      const synthesized = strategy === 'reset' ? template : synthesizeWith({ mfaRecoveryStrategy: strategy });
      // The Cognito triggers' functions too, from the trigger manifest (lib/cognito-triggers.ts).
      for (const declared of [...API_ROUTES, ...TRIGGER_FUNCTIONS]) {
        const expected = manifestPermissions(synthesized, declared, strategy, String(cdkContext().senderEmail));
        expect(permissions(functionStatements(synthesized, functionIdOf(synthesized, declared.name))), declared.name).toEqual(expected);
      }
    },
  );

  it.each([
    ['RateLimitKey', 'rateLimitKey', 'RATE_LIMIT_KEY_SECRET_ARN', 6],
    ['RecoveryCodeKey', 'recoveryCodeKey', 'RECOVERY_CODE_KEY_SECRET_ARN', 2],
  ] as const)(
    '%s: a generated secret (>= 32 random characters) of its own, read only by the functions granted it, on its ARN only',
    (prefix, grant, variable, readerCount) => {
      const secrets = Object.entries(template.findResources('AWS::SecretsManager::Secret'));
      // One key per purpose: the attempt counters' and the recovery codes', never shared.
      expect(secrets.map(([id]) => id.replace(/Secret[0-9A-F]{8}$/, '')).sort()).toEqual(['RateLimitKey', 'RecoveryCodeKey']);
      const [secretId, secret] = secrets.find(([id]) => id.startsWith(prefix))!;
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
      expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
      const readers: string[] = [];
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          const actions = [statement.Action].flat() as string[];
          if (!actions.some((action) => action.startsWith('secretsmanager:'))) continue;
          expect(actions).toEqual(['secretsmanager:GetSecretValue']);
          // A function granted both keys gets one statement naming both.
          if (![statement.Resource].flat().some((resource) => JSON.stringify(resource) === JSON.stringify({ Ref: secretId }))) continue;
          readers.push(...policy.Properties.Roles.map((role: { Ref: string }) => role.Ref));
        }
      }
      const roleOf = (id: string) => template.toJSON().Resources[id].Properties.Role['Fn::GetAtt'][0];
      const granted = API_ROUTES.filter((route) => route.grants[grant]).map((route) => functionIdOf(template, route.name));
      expect(granted).toHaveLength(readerCount);
      expect(readers.sort()).toEqual(granted.map(roleOf).sort());
      for (const id of granted) {
        const variables = template.toJSON().Resources[id].Properties.Environment.Variables;
        expect(variables[variable]).toEqual({ Ref: secretId });
      }
    },
  );

  it('every secretsmanager statement names one of the two keys', () => {
    const keyIds = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (![statement.Action].flat().some((action: string) => action.startsWith('secretsmanager:'))) continue;
        for (const resource of [statement.Resource].flat()) expect(keyIds.map((id) => JSON.stringify({ Ref: id }))).toContain(JSON.stringify(resource));
      }
    }
  });

  describe('main-table calls restricted to their partition-key kinds (dynamodb:LeadingKeys, lib/table-access.ts)', () => {
    const mainTableId = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) => id.startsWith('DatabaseTable'))!;
    const onMainTable = (statement: { Resource: unknown }) => JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [mainTableId, 'Arn'] });

    it("the patterns are the key functions' own prefixes: a User item matches USER#*, the admin counter only ADMINS", () => {
      expect(leadingKeyPatterns(['user', 'adminCounters'])).toEqual(['USER#*', 'ADMINS']);
      expect(keys.user('u1').pk).toMatch(/^USER#/);
      expect(keys.adminCounters().pk).toBe('ADMINS');
    });

    it('no function has a main-table statement without the condition', () => {
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        for (const statement of policy.Properties.PolicyDocument.Statement.filter(onMainTable)) {
          expect(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], JSON.stringify(statement.Action)).toEqual(expect.any(Array));
        }
      }
    });
  });

  it('the admin list reads only the admin index, never scans', () => {
    const statements = roleStatements(template, functionLogicalId(template, 'GetAdminsFunction'));
    const query = statements.find((statement) => [statement.Action].flat().includes('dynamodb:Query'))!;
    expect(JSON.stringify(query.Resource)).toContain('/index/AdminsByCreation');
    expect(statements.flatMap((statement) => [statement.Action].flat())).not.toContain('dynamodb:Scan');
  });

  it('the admin list never writes: no PutItem, UpdateItem or DeleteItem anywhere (sign-ins are recorded by the post-authentication trigger)', () => {
    const actions = roleStatements(template, functionLogicalId(template, 'GetAdminsFunction')).flatMap((statement) => [statement.Action].flat());
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(actions).not.toContain(write);
  });

  it('every function role writes only to its own log group and carries no managed policy', () => {
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      // Our handlers (CDK's own BucketDeployment handler is Python).
      if (fn.Properties.Handler !== 'index.handler' || !String(fn.Properties.Runtime).startsWith('nodejs')) continue;
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      const logStatements = roleStatements(template, id).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      expect(logStatements).toEqual([
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      ]);
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      expect(resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('Cognito actions are scoped to the user pool and DynamoDB actions to the table, never "*"', () => {
    const functionIds = [
      ...API_ROUTES.map((route) => functionIdOf(template, route.name)),
      ...['CognitoTriggersCognitoPostConfirmationFunction', 'CognitoTriggersCognitoPostAuthenticationFunction'].map((prefix) =>
        functionLogicalId(template, prefix),
      ),
    ];
    for (const functionId of functionIds) {
      for (const statement of roleStatements(template, functionId)) {
        const actions = [statement.Action].flat();
        const resource = JSON.stringify(statement.Resource);
        expect(resource).not.toBe('"*"');
        if (actions.some((a) => a.startsWith('cognito-idp:'))) expect(resource).toContain('IdentityUserPool');
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(resource).toMatch(/DatabaseTable|DatabaseAuditTable/);
        if (actions.some((a) => a.startsWith('ses:')))
          expect(statement).toMatchObject({ Condition: { StringEquals: { 'ses:FromAddress': expect.any(String) } } });
      }
    }
  });

  it('the audit table is append-only: functions may Put (writers) or Query (the reader) it, never update or delete', () => {
    const auditTableId = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) => id.startsWith('DatabaseAudit'))!;
    // The table's items, not its stream (which the audit archiver reads: test/infra/audit-archive.test.ts).
    const onAudit = (statement: { Resource: unknown }) => {
      const resource = JSON.stringify(statement.Resource);
      return resource.includes(auditTableId) && !resource.includes('StreamArn');
    };
    const grants: Record<string, string[]> = {};
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      // Our handlers (CDK's own BucketDeployment handler is Python).
      if (fn.Properties.Handler !== 'index.handler' || !String(fn.Properties.Runtime).startsWith('nodejs')) continue;
      const actions = roleStatements(template, id)
        .filter(onAudit)
        .flatMap((statement) => [statement.Action].flat());
      if (actions.length) grants[id] = [...new Set(actions)].sort();
    }
    expect(Object.keys(grants).length).toBeGreaterThanOrEqual(7);
    for (const actions of Object.values(grants)) {
      expect([['dynamodb:PutItem'], ['dynamodb:Query']]).toContainEqual(actions);
    }
    // The same holds for every policy in the stack, whoever it is attached to.
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement.filter(onAudit)) {
        expect([statement.Action].flat().filter((action: string) => /Update|Delete|BatchWrite|\*/.test(action))).toEqual([]);
      }
    }
  });
});

describe('Cognito user pool', () => {
  it('email is the case-insensitive username, MFA (TOTP only) is required, admins create users', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      DeletionProtection: 'ACTIVE',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'userId', Mutable: false, AttributeDataType: 'String' })]),
    });
  });

  it('the invitation email carries the username and the temporary password placeholders', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
    const message = pool.Properties.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage;
    expect(message).toContain('{username}');
    expect(message).toContain('{####}');
  });

  const appClient = (prefix: string) => {
    const entry = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no app client ${prefix}*`);
    return entry[1].Properties;
  };

  it('has exactly two app clients: the backend one and the web app one', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
  });

  it('the backend client allows admin password auth only, has no secret and hides user existence', () => {
    const client = appClient('IdentityUserPoolBackendClient');
    expect(client).toMatchObject({ GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED' });
    expect(client.ExplicitAuthFlows.sort()).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.WriteAttributes.sort()).toEqual(['family_name', 'given_name', 'locale']);
  });

  it.each(['IdentityUserPoolBackendClient', 'IdentityUserPoolWebClient'])('%s carries no OAuth: no grants, scopes, callback or logout URLs', (id) => {
    const client = appClient(id);
    for (const property of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI']) {
      expect(client[property], property).toBeUndefined();
    }
    expect(client.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
  });

  it('the web client is public: SRP only (no password flow, no admin flow), no secret, reads only the email and our user id', () => {
    const client = appClient('IdentityUserPoolWebClient');
    expect(client).toMatchObject({ GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
    expect(client.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    // custom:userId: Cognito puts only readable attributes into the ID token, and the admin routes' check reads it there.
    expect(client.ReadAttributes.sort()).toEqual(['custom:userId', 'email', 'email_verified']);
    expect(client.WriteAttributes.sort()).toEqual(['family_name', 'given_name', 'locale']);
  });

  it('has the admins group', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins' });
  });
});

describe('DynamoDB tables', () => {
  it('both (main and audit): on-demand, point-in-time recovery, encrypted, TTL, protected from deletion', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
  });
});

describe('REST API', () => {
  it('admin and user routes sit behind the Cognito user-pool authorizer, with the Authorization header required at the edge', () => {
    const signedIn = API_ROUTES.filter((r) => r.access !== 'public');
    expect(signedIn.filter((r) => r.access === 'user').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /me/recovery-codes', 'GET /me/recovery-codes']);
    for (const route of signedIn) {
      expect(method(route.path, route.method).RequestParameters).toMatchObject({ 'method.request.header.Authorization': true });
      expect(method(route.path, route.method)).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: expect.stringContaining('AdminAuthorizer') },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
    });
  });

  it('the first-sign-in route is public', () => {
    expect(method('/auth/new-password').AuthorizationType).toBe('NONE');
  });

  it('throttles the stage and, tighter, the public route; logs access', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
        Match.objectLike({ ResourcePath: '/~1auth~1new-password', HttpMethod: 'POST', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 }),
      ]),
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it("API Gateway's own errors use the service's JSON error shape", () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Cache-Control': "'no-store'",
        'gatewayresponse.header.X-Correlation-Id': 'context.requestId',
        'gatewayresponse.header.Access-Control-Expose-Headers': "'X-Correlation-Id'",
      }),
      ResponseTemplates: { 'application/json': JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'Authentication is required.' } }) },
    });
  });
});

describe('Cognito triggers (lib/constructs/cognito-triggers.ts)', () => {
  const pool = () => Object.values(template.findResources('AWS::Cognito::UserPool'))[0].Properties;
  const arnOf = (prefix: string) => ({ 'Fn::GetAtt': [functionLogicalId(template, `CognitoTriggers${prefix}`), 'Arn'] });

  it('the pool runs post confirmation, post authentication and pre token generation (V2_0 event) on their own functions', () => {
    expect(pool().LambdaConfig).toEqual({
      PostConfirmation: arnOf('CognitoPostConfirmationFunction'),
      PostAuthentication: arnOf('CognitoPostAuthenticationFunction'),
      PreTokenGenerationConfig: { LambdaArn: arnOf('CognitoPreTokenGenerationFunction'), LambdaVersion: 'V2_0' },
    });
  });

  it('the V2_0 event needs the Essentials or Plus feature plan: the pool is on Plus', () => {
    expect(pool().UserPoolTier).toBe('PLUS');
  });

  it.each(['CognitoPostConfirmationFunction', 'CognitoPostAuthenticationFunction', 'CognitoPreTokenGenerationFunction'])(
    '%s: only cognito-idp.amazonaws.com may invoke it, and only for this pool; it answers within Cognito’s 5 seconds',
    (prefix) => {
      const functionId = functionLogicalId(template, `CognitoTriggers${prefix}`);
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter((permission) =>
        JSON.stringify(permission.Properties.FunctionName).includes(functionId),
      );
      expect(permissions.map((permission) => permission.Properties)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
          Principal: 'cognito-idp.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityUserPool/), 'Arn'] },
        },
      ]);
      expect(resources[functionId].Properties.Timeout).toBe(5);
    },
  );

  it('each trigger function has alarms on its errors and throttles', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    for (const name of ['CognitoPostConfirmationFunction', 'CognitoPostAuthenticationFunction', 'CognitoPreTokenGenerationFunction']) {
      expect(alarms.some((id) => id.includes(`${name}Errors`))).toBe(true);
      expect(alarms.some((id) => id.includes(`${name}Throttles`))).toBe(true);
    }
  });
});
