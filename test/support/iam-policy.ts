import { pascalCase } from '../../lib/routes';

/**
 * A small IAM policy evaluator for tests: the synthesized template's statements of one function,
 * with CloudFormation intrinsics resolved under one fixed fake account and region, and the request
 * an SDK command makes (action, resource ARN, condition context) evaluated against them as IAM does
 * for identity policies: an explicit Deny wins, otherwise some Allow must match action, resource
 * and every condition. Unknown condition operators fail closed.
 *
 * The IAM references it follows:
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html (dynamodb:LeadingKeys)
 * - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html (a transaction's items as their own actions)
 * - https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html (ses:FromAddress, identity ARNs)
 */

export const FAKE_ACCOUNT = '000000000000';
export const FAKE_REGION = 'eu-west-1';
const PARTITION = 'aws';

type Resources = Record<string, { Type: string; Properties: any }>;

/** A synthesized template: CDK's assertions `Template`, or its JSON read back (`{ toJSON: () => json }`). */
export interface TemplateLike {
  toJSON(): { [key: string]: any };
}

/** A statement with its intrinsics resolved: plain strings only. */
export interface ResolvedStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** operator -> condition key -> values */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** One authorization request, as IAM sees an API call (a transaction makes one per item). */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition context: key -> values (multi-valued keys such as dynamodb:LeadingKeys hold several). */
  readonly context: Readonly<Record<string, readonly string[]>>;
  /** What made it, for messages, e.g. "UpdateCommand" or "TransactWriteCommand item 2". */
  readonly call: string;
}

/** The resolved value of a `Ref`: a logical id's bound value (the unit world's, by env name), or a placeholder. */
export type RefBindings = Readonly<Record<string, string>>;

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': FAKE_ACCOUNT,
  'AWS::Region': FAKE_REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The ARN of a resource (Fn::GetAtt [id, 'Arn']), from its type and its Ref value. */
function arnOf(type: string, ref: string, id: string): string {
  const at = (service: string) => `arn:${PARTITION}:${service}:${FAKE_REGION}:${FAKE_ACCOUNT}`;
  switch (type) {
    case 'AWS::Cognito::UserPool':
      return `${at('cognito-idp')}:userpool/${ref}`;
    case 'AWS::DynamoDB::GlobalTable':
    case 'AWS::DynamoDB::Table':
      return `${at('dynamodb')}:table/${ref}`;
    case 'AWS::Logs::LogGroup':
      return `${at('logs')}:log-group:${ref}:*`;
    case 'AWS::SecretsManager::Secret':
      return ref; // its Ref is its ARN
    case 'AWS::S3::Bucket':
      return `arn:${PARTITION}:s3:::${ref}`;
    case 'AWS::IAM::Role':
      return `arn:${PARTITION}:iam::${FAKE_ACCOUNT}:role/${ref}`;
    default:
      return `arn:unresolved:${id}`;
  }
}

/** Resolves Ref, Fn::GetAtt (Arn) and Fn::Join; a Ref to a resource without a binding becomes `{LogicalId}`. */
export function resolveIntrinsics(value: unknown, resources: Resources, refs: RefBindings = {}): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const node = value as Record<string, any>;
  if ('Ref' in node) {
    const id = node.Ref as string;
    if (id in PSEUDO) return PSEUDO[id];
    if (!(id in resources)) throw new Error(`Ref to an unknown resource ${id}`);
    return refs[id] ?? `{${id}}`;
  }
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    // A table's stream (the archiver reads it; no SDK call of ours names it): a well-formed placeholder.
    if (attribute === 'StreamArn') return `${arnOf(resources[id].Type, resolveIntrinsics({ Ref: id }, resources, refs), id)}/stream/{${id}.StreamArn}`;
    if (attribute !== 'Arn') throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute}`);
    return arnOf(resources[id].Type, resolveIntrinsics({ Ref: id }, resources, refs), id);
  }
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveIntrinsics(part, resources, refs)).join(separator);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** The logical id of the Lambda function that runs `handlerFile` (its construct id is `<PascalCase>Function`). */
export function functionIdOf(template: TemplateLike, handlerFile: string): string {
  const name = `${pascalCase(handlerFile)}Function`;
  const resources = template.toJSON().Resources as Resources;
  const ids = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Lambda::Function' && new RegExp(`(^|[a-z0-9])${name}[0-9A-F]{8}$`).test(id));
  if (ids.length !== 1) throw new Error(`expected one function for ${handlerFile}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** Every statement of the function's role, as synthesized (the default policy and any other attached). */
export function rawStatements(template: TemplateLike, functionId: string): any[] {
  const resources = template.toJSON().Resources as Resources;
  const roleId = resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The function's statements, resolved; the ones writing its own log group (the runtime's, not the SDK's) left out. */
export function functionStatements(template: TemplateLike, functionId: string, refs: RefBindings = {}): ResolvedStatement[] {
  const resources = template.toJSON().Resources as Resources;
  const logGroupId = resources[functionId].Properties.LoggingConfig?.LogGroup?.Ref;
  return rawStatements(template, functionId)
    .filter((statement) => !(JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })))
    .map((statement) => ({
      effect: statement.Effect,
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat().map((resource: unknown) => resolveIntrinsics(resource, resources, refs)),
      conditions: Object.fromEntries(
        Object.entries(statement.Condition ?? {}).map(([operator, keys]) => [
          operator,
          Object.fromEntries(Object.entries(keys as object).map(([key, values]) => [key, [values].flat().map((v) => resolveIntrinsics(v, resources, refs))])),
        ]),
      ),
    }));
}

/**
 * Binds the template's resources to the unit world's values through the function's environment:
 * an env variable whose template value is `{ Ref: X }` binds X to the unit world's value of the same
 * name (TABLE_NAME -> the table's Ref, RATE_LIMIT_KEY_SECRET_ARN -> the secret's). A literal value
 * the function's policy names (SENDER_EMAIL in `ses:FromAddress`) must equal the unit world's.
 */
export function bindEnvironment(template: TemplateLike, functionId: string, env: Readonly<Record<string, string | undefined>>): RefBindings {
  const resources = template.toJSON().Resources as Resources;
  const variables: Record<string, unknown> = resources[functionId].Properties.Environment?.Variables ?? {};
  const policy = JSON.stringify(rawStatements(template, functionId));
  const refs: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const unit = env[name];
    if (typeof value === 'object' && value !== null && 'Ref' in value) {
      if (unit === undefined) throw new Error(`${functionId}: the unit world has no ${name}`);
      const id = (value as { Ref: string }).Ref;
      if (refs[id] !== undefined && refs[id] !== unit) throw new Error(`${functionId}: ${id} is both ${refs[id]} and ${unit}`);
      refs[id] = unit;
    } else if (typeof value === 'string' && policy.includes(JSON.stringify(value)) && unit !== value) {
      throw new Error(`${functionId}: its policy names ${name}=${value} but the unit world uses ${unit}; synthesize with the unit world's value`);
    }
  }
  return refs;
}

/** `*` and `?` wildcards, as IAM matches actions (case-insensitive) and resources and StringLike values (case-sensitive). */
function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ignoreCase ? 'i' : '',
  );
  return regex.test(value);
}

const MATCHERS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (pattern, value) => pattern === value,
  StringLike: (pattern, value) => wildcard(pattern, value),
  StringEqualsIgnoreCase: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
  ArnEquals: (pattern, value) => wildcard(pattern, value),
  ArnLike: (pattern, value) => wildcard(pattern, value),
  Bool: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
};
/** Negated operators: true when no value matches, and when the key is absent (IAM's rule for them). */
const NEGATED: Record<string, string> = { StringNotEquals: 'StringEquals', StringNotLike: 'StringLike', ArnNotEquals: 'ArnEquals', ArnNotLike: 'ArnLike' };

/** Whether one condition operator's block holds for the request's context (keys compare case-insensitively). */
function conditionHolds(operator: string, keys: Readonly<Record<string, readonly string[]>>, context: IamRequest['context']): boolean {
  const [qualifier, base] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const lookup = (key: string) => Object.entries(context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
  if (base === 'Null' && qualifier === undefined)
    return Object.entries(keys).every(([key, [absent]]) => (lookup(key) === undefined) === (absent.toLowerCase() === 'true'));
  if (NEGATED[base] && qualifier === undefined) {
    const positive = MATCHERS[NEGATED[base]];
    return Object.entries(keys).every(([key, patterns]) => !(lookup(key) ?? []).some((value) => patterns.some((pattern) => positive(pattern, value))));
  }
  const matcher = MATCHERS[base];
  if (!matcher) throw new Error(`condition operator ${operator} is not supported by the test evaluator`);
  return Object.entries(keys).every(([key, patterns]) => {
    const values = lookup(key) ?? [];
    const matches = (value: string) => patterns.some((pattern) => matcher(pattern, value));
    if (qualifier === 'ForAllValues') return values.every(matches);
    if (qualifier === 'ForAnyValue') return values.some(matches);
    if (qualifier !== undefined) throw new Error(`condition qualifier ${qualifier} is not supported by the test evaluator`);
    // A single-valued key: absent means the condition does not hold.
    return values.length === 1 && matches(values[0]);
  });
}

function statementMatches(statement: ResolvedStatement, request: IamRequest): boolean {
  return (
    statement.actions.some((action) => wildcard(action, request.action, true)) &&
    statement.resources.some((resource) => wildcard(resource, request.resource)) &&
    Object.entries(statement.conditions).every(([operator, keys]) => conditionHolds(operator, keys, request.context))
  );
}

/**
 * The Deny statements of the resource policies that govern `request`, resolved: the bucket policy of
 * an S3 object's bucket, a DynamoDB table's resource policy. Within one account an identity policy's
 * Allow suffices, so only their Denies can change a decision (an explicit Deny in any policy wins:
 * reference_policies_evaluation-logic.html); each names every principal (`*`) in this stack.
 */
export function resourcePolicyDenies(template: TemplateLike, request: IamRequest, refs: RefBindings = {}): ResolvedStatement[] {
  const resources = template.toJSON().Resources as Resources;
  const documents = Object.entries(resources).flatMap(([id, resource]) => {
    if (resource.Type === 'AWS::S3::BucketPolicy') {
      const bucket = resolveIntrinsics(resource.Properties.Bucket, resources, refs);
      return request.resource.startsWith(`arn:${PARTITION}:s3:::${bucket}/`) ? [resource.Properties.PolicyDocument] : [];
    }
    if (resource.Type === 'AWS::DynamoDB::GlobalTable' || resource.Type === 'AWS::DynamoDB::Table') {
      const table = arnOf(resource.Type, resolveIntrinsics({ Ref: id }, resources, refs), id);
      const policies = (resource.Properties.Replicas ?? [resource.Properties]).map((replica: any) => replica.ResourcePolicy?.PolicyDocument).filter(Boolean);
      return request.resource === table || request.resource.startsWith(`${table}/`) ? policies : [];
    }
    return [];
  });
  return documents
    .flatMap((document: any) => document.Statement)
    .filter((statement: any) => statement.Effect === 'Deny')
    .map((statement: any) => {
      const principal = JSON.stringify(statement.Principal);
      if (principal !== '"*"' && principal !== '{"AWS":"*"}') throw new Error(`a resource policy names ${principal}: the test evaluator knows only *`);
      return {
        effect: 'Deny' as const,
        actions: [statement.Action].flat(),
        // A table's policy may name `*`: it applies to its own table only.
        resources: [statement.Resource].flat().map((resource: unknown) => resolveIntrinsics(resource, resources, refs)),
        conditions: Object.fromEntries(
          Object.entries(statement.Condition ?? {}).map(([operator, keys]) => [
            operator,
            Object.fromEntries(Object.entries(keys as object).map(([key, values]) => [key, [values].flat().map((v) => resolveIntrinsics(v, resources, refs))])),
          ]),
        ),
      };
    });
}

/** The ARN of the function's execution role (aws:PrincipalArn of its calls: the role, not the session). */
export function roleArnOf(template: TemplateLike, functionId: string, refs: RefBindings = {}): string {
  const resources = template.toJSON().Resources as Resources;
  return resolveIntrinsics(resources[functionId].Properties.Role, resources, refs);
}

export interface Decision {
  readonly allowed: boolean;
  /** The Allow statements that matched (empty when refused). */
  readonly by: readonly ResolvedStatement[];
}

/** IAM's decision for one request against one identity's statements. */
export function evaluate(statements: readonly ResolvedStatement[], request: IamRequest): Decision {
  if (statements.some((statement) => statement.effect === 'Deny' && statementMatches(statement, request))) return { allowed: false, by: [] };
  const by = statements.filter((statement) => statement.effect === 'Allow' && statementMatches(statement, request));
  return { allowed: by.length > 0, by };
}

/** What an SDK client sends, as the mocks record it: the command's class name and its input. */
export interface SentCommand {
  readonly service: 'cognito' | 'dynamodb' | 'ses' | 'secrets' | 's3';
  readonly name: string;
  readonly input: Record<string, any>;
}

const arn = (service: string, resource: string) => `arn:${PARTITION}:${service}:${FAKE_REGION}:${FAKE_ACCOUNT}:${resource}`;

/** The partition-key value a Query's key condition names (`pk = :v`, through attribute names too). */
function queriedPartitionKey(input: Record<string, any>): string {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  for (const clause of String(input.KeyConditionExpression).split(/\s+AND\s+/i)) {
    const match = /^\s*(#?\w+)\s*=\s*(:\w+)\s*$/.exec(clause);
    if (match && (names[match[1]] ?? match[1]) === 'pk') return String(input.ExpressionAttributeValues[match[2]]);
  }
  throw new Error(`cannot tell the partition key of the query ${input.KeyConditionExpression}`);
}

/** A DynamoDB item-level request: the table's ARN and the item's partition key as dynamodb:LeadingKeys. */
function itemRequest(action: string, tableName: string, pk: unknown, call: string): IamRequest {
  return { action: `dynamodb:${action}`, resource: arn('dynamodb', `table/${tableName}`), context: { 'dynamodb:LeadingKeys': [String(pk)] }, call };
}

/** The address in a From header (`Name <a@b>` or `a@b`). */
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

/** The authorization requests one SDK command makes, as IAM sees them. */
export function requestsOf(command: SentCommand): IamRequest[] {
  const { service, name, input } = command;
  switch (service) {
    case 'cognito':
      return [{ action: `cognito-idp:${name.replace(/Command$/, '')}`, resource: arn('cognito-idp', `userpool/${input.UserPoolId}`), context: {}, call: name }];
    case 'secrets': {
      const secretId = String(input.SecretId);
      return [
        {
          action: `secretsmanager:${name.replace(/Command$/, '')}`,
          resource: secretId.startsWith('arn:') ? secretId : arn('secretsmanager', `secret:${secretId}`),
          context: {},
          call: name,
        },
      ];
    }
    case 's3': {
      if (name !== 'PutObjectCommand') break;
      // The request's keys for the bucket policy, and S3's: the lock mode asked for, a conditional write (If-None-Match).
      const context: Record<string, string[]> = {
        'aws:SecureTransport': ['true'],
        ...(input.ObjectLockMode && { 's3:object-lock-mode': [String(input.ObjectLockMode)] }),
        ...(input.IfNoneMatch && { 's3:if-none-match': [String(input.IfNoneMatch)] }),
      };
      const resource = `arn:${PARTITION}:s3:::${input.Bucket}/${input.Key}`;
      // Setting a retention in the PutObject is authorized as PutObjectRetention too (S3 Object Lock).
      const setsRetention = input.ObjectLockMode !== undefined || input.ObjectLockRetainUntilDate !== undefined;
      return [
        { action: 's3:PutObject', resource, context, call: name },
        ...(setsRetention ? [{ action: 's3:PutObjectRetention', resource, context, call: name }] : []),
      ];
    }
    case 'ses': {
      if (name !== 'SendEmailCommand') break;
      const from = addressOf(String(input.FromEmailAddress));
      const domain = from.split('@')[1];
      return [{ action: 'ses:SendEmail', resource: arn('ses', `identity/${domain}`), context: { 'ses:FromAddress': [from] }, call: name }];
    }
    case 'dynamodb':
      switch (name) {
        case 'GetCommand':
          return [itemRequest('GetItem', input.TableName, input.Key.pk, name)];
        case 'PutCommand':
          return [itemRequest('PutItem', input.TableName, input.Item.pk, name)];
        case 'UpdateCommand':
          return [itemRequest('UpdateItem', input.TableName, input.Key.pk, name)];
        case 'DeleteCommand':
          return [itemRequest('DeleteItem', input.TableName, input.Key.pk, name)];
        case 'QueryCommand':
          // An index's key is not the table's partition key: no LeadingKeys is claimed for it (docs/security.md, least privilege).
          if (input.IndexName)
            return [{ action: 'dynamodb:Query', resource: arn('dynamodb', `table/${input.TableName}/index/${input.IndexName}`), context: {}, call: name }];
          return [itemRequest('Query', input.TableName, queriedPartitionKey(input), name)];
        case 'BatchGetCommand':
          // One request per table, its LeadingKeys every partition key it names (ForAllValues must hold for each).
          return Object.entries(input.RequestItems).map(([tableName, request]: [string, any]) => ({
            action: 'dynamodb:BatchGetItem',
            resource: arn('dynamodb', `table/${tableName}`),
            context: { 'dynamodb:LeadingKeys': [...new Set<string>(request.Keys.map((key: any) => String(key.pk)))] },
            call: name,
          }));
        case 'TransactWriteCommand':
          return input.TransactItems.map((item: any, index: number) => {
            const call = `${name} item ${index + 1}`;
            if (item.Put) return itemRequest('PutItem', item.Put.TableName, item.Put.Item.pk, call);
            if (item.Update) return itemRequest('UpdateItem', item.Update.TableName, item.Update.Key.pk, call);
            if (item.Delete) return itemRequest('DeleteItem', item.Delete.TableName, item.Delete.Key.pk, call);
            return itemRequest('ConditionCheckItem', item.ConditionCheck.TableName, item.ConditionCheck.Key.pk, call);
          });
      }
  }
  throw new Error(`the test evaluator does not know what IAM checks for ${service} ${name}`);
}

/** A statement's condition patterns, each named with the statement's resources: `<resources> where <key> <pattern>`. */
function conditionGrants(
  statement: ResolvedStatement,
  keep: (key: string, pattern: string, matcher: (p: string, v: string) => boolean) => boolean = () => true,
): string[] {
  return Object.entries(statement.conditions).flatMap(([operator, keys]) => {
    const matcher = MATCHERS[operator.split(':').at(-1)!];
    return Object.entries(keys).flatMap(([key, patterns]) =>
      patterns.filter((pattern) => keep(key, pattern, matcher)).map((pattern) => `${statement.resources.join(', ')} where ${key} ${pattern}`),
    );
  });
}

/**
 * What a statement grants, one item each: every action on every resource, and every pattern of its
 * conditions (a partition-key kind of dynamodb:LeadingKeys: granted once per statement, for all its
 * actions, as IAM reads it).
 */
export function grantsOf(statement: ResolvedStatement): string[] {
  const pairs = statement.actions.flatMap((action) => statement.resources.map((resource) => `${action} on ${resource}`));
  return [...pairs, ...conditionGrants(statement)];
}

/** The grants an allowed request used: the action/resource pairs that matched it, and the condition patterns its values matched. */
export function grantsUsedBy(request: IamRequest, decision: Decision): string[] {
  return decision.by.flatMap((statement) => {
    const actions = statement.actions.filter((action) => wildcard(action, request.action, true));
    const resources = statement.resources.filter((resource) => wildcard(resource, request.resource));
    const lookup = (key: string) => Object.entries(request.context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1] ?? [];
    const patterns = conditionGrants(statement, (key, pattern, matcher) => lookup(key).some((value) => matcher(pattern, value)));
    return [...actions.flatMap((action) => resources.map((resource) => `${action} on ${resource}`)), ...patterns];
  });
}

/** Statements as a sorted list of single permissions, `Allow <action> on <resource> [if <conditions>]`, for exact comparisons. */
export function permissions(statements: readonly ResolvedStatement[]): string[] {
  return statements
    .flatMap((statement) => {
      const conditions = Object.entries(statement.conditions)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([operator, keys]) =>
            `${operator} ${Object.entries(keys)
              .map(([key, values]) => `${key}=${[...values].sort().join('|')}`)
              .join(' ')}`,
        );
      const suffix = conditions.length ? ` if ${conditions.join(', ')}` : '';
      return statement.actions.flatMap((action) => statement.resources.map((resource) => `${statement.effect} ${action} on ${resource}${suffix}`));
    })
    .sort();
}
