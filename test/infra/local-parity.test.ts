import { describe, expect, it } from 'vitest';
import {
  adminsGroupInput,
  appClientInput,
  auditTableInput,
  auditTableResourcePolicyInput,
  mfaConfigInput,
  webClientInput,
  tableInput,
  timeToLiveInput,
  userPoolInput,
} from '../../local/aws-resources';
import { localTriggerArn } from '../../local/cognito-triggers';
import { handlerEnvironment, LOCAL_REGION, stackPropsFromCdkJson } from '../../local/environment';
import { lambdaConfig, TRIGGER_FUNCTIONS } from '../../lib/cognito-triggers';
import { API_ROUTES, pascalCase } from '../../lib/routes';
import { synthesize } from '../support/template';

/**
 * The local API (local/) creates its Cognito, DynamoDB and Lambda configuration through API calls;
 * these tests hold each of those inputs against the synthesized template, so a change to the stack
 * that the local API does not follow fails here rather than in a confusing end-to-end test.
 */

type Resource = { Type: string; Properties: Record<string, any> };
const resources = () => synthesize().template.toJSON().Resources as Record<string, Resource>;

function onlyResource(type: string): [string, Resource] {
  const found = Object.entries(resources()).filter(([, resource]) => resource.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
}

function pick(source: object, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, (source as Record<string, unknown>)[name]]));
}

const PLACEHOLDERS = {
  userPoolId: 'POOL-ID',
  clientId: 'CLIENT-ID',
  webClientId: 'WEB-CLIENT-ID',
  tableName: 'TABLE-NAME',
  auditTableName: 'AUDIT-TABLE-NAME',
  rateLimitKeySecretArn: 'RATE-LIMIT-KEY-ARN',
  recoveryCodeKeySecretArn: 'RECOVERY-CODE-KEY-ARN',
};

/** Where the stack serves the web app (its CloudFront domain); locally, the local API's origin. */
const WEB_ORIGIN = 'https://WEB-ORIGIN';

/** Replaces a `{ Ref }` to the pool, client or table with the placeholder the local environment gets. */
function resolveRef(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    const [, [scheme, domain, ...rest]] = join;
    const getAtt = (domain as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (scheme === 'https://' && getAtt?.[1] === 'DomainName' && resources()[getAtt[0]]?.Type === 'AWS::CloudFront::Distribution') {
      return `${WEB_ORIGIN}${rest.join('')}`;
    }
  }
  const ref = (value as { Ref?: string }).Ref;
  const type = ref === undefined ? undefined : resources()[ref]?.Type;
  if (type === 'AWS::Cognito::UserPool') return PLACEHOLDERS.userPoolId;
  if (type === 'AWS::Cognito::UserPoolClient') return PLACEHOLDERS.clientId;
  if (type === 'AWS::DynamoDB::GlobalTable') return ref!.includes('Audit') ? PLACEHOLDERS.auditTableName : PLACEHOLDERS.tableName;
  if (type === 'AWS::SecretsManager::Secret')
    return ref!.startsWith('RecoveryCodeKey') ? PLACEHOLDERS.recoveryCodeKeySecretArn : PLACEHOLDERS.rateLimitKeySecretArn;
  throw new Error(`the local API cannot provide ${JSON.stringify(value)}`);
}

/** The full path of an API Gateway resource, from its chain of PathParts. */
function resourcePath(resourceId: unknown): string {
  const ref = (resourceId as { Ref?: string }).Ref;
  if (ref === undefined) return '';
  const { PathPart, ParentId } = resources()[ref].Properties;
  return `${resourcePath(ParentId)}/${PathPart}`;
}

describe('the local API matches the synthesized stack', () => {
  it('creates the same user pool', () => {
    const [, pool] = onlyResource('AWS::Cognito::UserPool');
    const settings = [
      'UsernameAttributes',
      'UsernameConfiguration',
      'AutoVerifiedAttributes',
      'MfaConfiguration',
      'Policies',
      'AdminCreateUserConfig',
      'Schema',
      'AccountRecoverySetting',
    ];
    expect(pick(userPoolInput(), settings)).toEqual(pick(pool.Properties, settings));
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(mfaConfigInput('POOL')).toMatchObject({ MfaConfiguration: pool.Properties.MfaConfiguration, SoftwareTokenMfaConfiguration: { Enabled: true } });
  });

  it('attaches the same triggers, each to the function of the same handler (lib/cognito-triggers.ts)', () => {
    const [, pool] = onlyResource('AWS::Cognito::UserPool');
    // The stack names each trigger's function after its handler: cognito-post-confirmation -> ...CognitoPostConfirmationFunction...
    const handlerOf = (arn: unknown) => {
      const [functionId] = (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      const handler = TRIGGER_FUNCTIONS.find((trigger) => functionId.includes(`${pascalCase(trigger.name)}Function`));
      expect(handler, functionId).toBeDefined();
      return handler?.name as string;
    };
    const deployed = pool.Properties.LambdaConfig;
    expect({
      PostConfirmation: handlerOf(deployed.PostConfirmation),
      PostAuthentication: handlerOf(deployed.PostAuthentication),
      PreTokenGenerationConfig: {
        LambdaArn: handlerOf(deployed.PreTokenGenerationConfig.LambdaArn),
        LambdaVersion: deployed.PreTokenGenerationConfig.LambdaVersion,
      },
    }).toEqual(lambdaConfig((handlerFile) => handlerFile));
    expect(userPoolInput().LambdaConfig).toEqual(lambdaConfig((handlerFile) => localTriggerArn(LOCAL_REGION, handlerFile)));
  });

  it('creates the same app clients (backend and web) and admins group', () => {
    const clients = Object.entries(resources()).filter(([, resource]) => resource.Type === 'AWS::Cognito::UserPoolClient');
    const client = (prefix: string) => clients.find(([id]) => id.startsWith(prefix))?.[1] as Resource;
    const settings = [
      'GenerateSecret',
      'ExplicitAuthFlows',
      'PreventUserExistenceErrors',
      'WriteAttributes',
      'EnableTokenRevocation',
      'AccessTokenValidity',
      'IdTokenValidity',
      'RefreshTokenValidity',
      'TokenValidityUnits',
      'ReadAttributes',
    ];
    expect(clients).toHaveLength(2);
    expect(pick(appClientInput('POOL'), settings)).toEqual(pick(client('IdentityUserPoolBackendClient').Properties, settings));
    expect(pick(webClientInput('POOL'), settings)).toEqual(pick(client('IdentityUserPoolWebClient').Properties, settings));
    const [, group] = onlyResource('AWS::Cognito::UserPoolGroup');
    expect(adminsGroupInput('POOL').GroupName).toBe(group.Properties.GroupName);
  });

  it('creates the same tables (main with the admin index, and audit): keys, indexes and TTL', () => {
    const tables = Object.entries(resources()).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(2);
    const settings = ['KeySchema', 'AttributeDefinitions', 'BillingMode', 'GlobalSecondaryIndexes'];
    for (const [id, table] of tables) {
      const input = id.includes('Audit') ? auditTableInput('TABLE') : tableInput('TABLE');
      expect(pick(input, settings)).toEqual(pick(table.Properties, settings));
      expect(timeToLiveInput('TABLE').TimeToLiveSpecification).toEqual(table.Properties.TimeToLiveSpecification);
    }
  });

  it("puts the audit table's resource policy (append-only) on the local audit table, and none on the main table", () => {
    const tables = Object.entries(resources()).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::GlobalTable');
    const policyOf = (id: string) => tables.find(([candidate]) => candidate.startsWith(id))?.[1].Properties.Replicas[0].ResourcePolicy?.PolicyDocument;
    const local = JSON.parse(auditTableResourcePolicyInput('arn:aws:dynamodb:eu-west-1:000000000000:table/AUDIT').Policy as string);
    const sorted = (document: { Statement: { Action: string[] }[] }) => ({
      ...document,
      Statement: document.Statement.map((statement) => ({ ...statement, Action: [...statement.Action].sort() })),
    });
    expect(sorted(local)).toEqual(sorted(policyOf('DatabaseAuditTable')));
    expect(policyOf('DatabaseTable')).toBeUndefined();
  });

  it('gives the handlers the environment the functions get (one value per name across all functions)', () => {
    const stackEnvironment: Record<string, string> = {};
    for (const [id, resource] of Object.entries(resources())) {
      // Our handlers only (CDK's BucketDeployment handler is Python and gets no handler environment).
      if (resource.Type !== 'AWS::Lambda::Function' || !String(resource.Properties.Runtime).startsWith('nodejs')) continue;
      // The audit archiver runs on the audit table's stream, which the local API does not run (docs/, audit archive).
      if (id.startsWith('AuditArchive')) continue;
      for (const [name, value] of Object.entries(resource.Properties.Environment?.Variables ?? {})) {
        const resolved = resolveRef(value);
        expect(stackEnvironment[name] ?? resolved, `${name} differs between functions`).toBe(resolved);
        stackEnvironment[name] = resolved;
      }
    }
    // The stack's web origin is its distribution; locally it is the local API's own origin.
    expect(handlerEnvironment(PLACEHOLDERS, stackPropsFromCdkJson(), WEB_ORIGIN)).toEqual(stackEnvironment);
  });

  it('serves exactly the routes API Gateway has, with the same authorization', () => {
    const methods = Object.values(resources())
      .filter((resource) => resource.Type === 'AWS::ApiGateway::Method' && resource.Properties.HttpMethod !== 'OPTIONS')
      .map(({ Properties }) => ({
        method: Properties.HttpMethod,
        path: resourcePath(Properties.ResourceId),
        authorized: Properties.AuthorizationType === 'COGNITO_USER_POOLS',
      }));
    // Admin and user routes alike go through the authorizer (the local API's too: local/server.ts); public ones never.
    const routes = API_ROUTES.map(({ method, path, access }) => ({ method, path, authorized: access !== 'public' }));
    expect(methods).toEqual(expect.arrayContaining(routes));
    expect(routes).toEqual(expect.arrayContaining(methods));
  });
});
