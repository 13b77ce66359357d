import { describe, expect, it } from 'vitest';
import { AUDIT_RECORD_CHANGED_ALERT } from '../../lambdas/audit/archive-audit-trail';
import { AUDIT_ARCHIVE_MAX_LAG } from '../../lib/constructs/alerting';
import { AUDIT_TABLE_DENIED_ACTIONS } from '../../lib/constructs/database';
import { synthesizeWith } from '../support/template';

// Configuration only: no bundling needed (test/infra/stack.test.ts bundles the archiver with the rest).
const template = synthesizeWith({});
type Resources = Record<string, { Type: string; Properties: any; DependsOn?: string[] }>;
const resources = template.toJSON().Resources as Resources;
const ofType = (type: string, within: Resources = resources) => Object.entries(within).filter(([, resource]) => resource.Type === type);
const one = (type: string, idPart: string, within: Resources = resources) => {
  const found = ofType(type, within).filter(([id]) => id.includes(idPart));
  if (found.length !== 1) throw new Error(`expected one ${type} named *${idPart}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0];
};
const [auditTableId, auditTable] = one('AWS::DynamoDB::GlobalTable', 'AuditTable');
const [bucketId, bucket] = one('AWS::S3::Bucket', 'AuditArchiveBucket');
const [archiverId, archiver] = one('AWS::Lambda::Function', 'AuditArchiveArchiverFunction');
const archiverRoleId = archiver.Properties.Role['Fn::GetAtt'][0];
const statementsOfRole = (roleId: string, within: Resources = resources) =>
  ofType('AWS::IAM::Policy', within)
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();
const mentions = (value: unknown, id: string) => JSON.stringify(value).includes(`"${id}"`);
const objectsArn = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });

describe('the audit table: append-only, enforced by AWS', () => {
  it('has a resource policy denying every item-changing action but PutItem to every principal', () => {
    const [replica] = auditTable.Properties.Replicas;
    expect(replica.ResourcePolicy.PolicyDocument.Statement).toEqual([
      { Sid: 'AppendOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: [...AUDIT_TABLE_DENIED_ACTIONS].sort(), Resource: '*' },
    ]);
    expect(AUDIT_TABLE_DENIED_ACTIONS).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete']),
    );
    // PutItem stays: records are added with it, alone or inside the transactions that make the change they record.
    expect(AUDIT_TABLE_DENIED_ACTIONS).not.toContain('dynamodb:PutItem');
  });

  it('the appending functions keep PutItem on it (the transactional audit writes work), and no role is granted a denied action on it', () => {
    const onAuditTable = ofType('AWS::IAM::Policy')
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
      .filter(
        (statement: any) =>
          statement.Effect === 'Allow' && mentions(statement.Resource, auditTableId) && !JSON.stringify(statement.Resource).includes('StreamArn'),
      );
    const granted = new Set(onAuditTable.flatMap(actionsOf));
    expect([...granted].sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(onAuditTable.filter((statement: any) => actionsOf(statement).includes('dynamodb:PutItem')).length).toBeGreaterThanOrEqual(7);
  });

  it('streams old and new images to the archiver, from the oldest record, retrying only what failed', () => {
    expect(auditTable.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const [, mapping] = one('AWS::Lambda::EventSourceMapping', 'AuditArchive');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [auditTableId, 'StreamArn'] },
      FunctionName: { Ref: archiverId },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Lambda checks the role can read the stream when the mapping is created.
    const [rolePolicyId] = one('AWS::IAM::Policy', 'ArchiverRoleDefaultPolicy');
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([archiverRoleId, rolePolicyId]));
  });
});

describe('the audit archive bucket', () => {
  it('locks every object in compliance mode for the audit retention (Object Lock needs versioning)', () => {
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(archiver.Properties.Environment.Variables).toMatchObject({ AUDIT_ARCHIVE_BUCKET_NAME: { Ref: bucketId }, AUDIT_RETENTION_DAYS: '400' });
  });

  it('is encrypted, private, logged, and kept when the stack is deleted', () => {
    const [, retained] = Object.entries(template.toJSON().Resources as Record<string, any>).find(([id]) => id === bucketId)!;
    expect(retained.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringContaining('AuditArchiveAccessLogs') } },
    });
  });

  it('removes versions only after the retention (and so the lock) ran out', () => {
    const rules = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ExpirationInDays: 401, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
      ]),
    );
  });

  it("refuses plain HTTP, any PutObject but the archiver role's, and any PutObject without If-None-Match", () => {
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, candidate]) => candidate.Properties.Bucket.Ref === bucketId)!;
    const statements = policy.Properties.PolicyDocument.Statement;
    const everyObject = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] };
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        {
          Sid: 'OnlyTheArchiverWrites',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:PutObject',
          Resource: everyObject,
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [archiverRoleId, 'Arn'] } } },
        },
        {
          Sid: 'NoKeyWrittenTwice',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:PutObject',
          Resource: everyObject,
          Condition: { Null: { 's3:if-none-match': 'true' } },
        },
      ]),
    );
    expect(statements.filter((statement: any) => statement.Effect === 'Allow')).toEqual([]);
  });

  it('follows the configured audit retention', () => {
    const shorter = synthesizeWith({ auditRetentionDays: '30' }).toJSON().Resources as Resources;
    const [, lockedBucket] = one('AWS::S3::Bucket', 'AuditArchiveBucket', shorter);
    expect(lockedBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 30 });
    const [, fn] = one('AWS::Lambda::Function', 'AuditArchiveArchiverFunction', shorter);
    expect(fn.Properties.Environment.Variables.AUDIT_RETENTION_DAYS).toBe('30');
  });
});

describe('the archiver', () => {
  it('may write its log group, read the audit stream, and put objects into the archive in compliance mode: nothing else', () => {
    const statements = statementsOfRole(archiverRoleId).map(({ Action, Resource, Condition, Effect }: any) => ({
      Effect,
      Action,
      Resource,
      ...(Condition && { Condition }),
    }));
    const [logGroupId] = one('AWS::Logs::LogGroup', 'AuditArchiveArchiverLogs');
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: { 'Fn::GetAtt': [auditTableId, 'StreamArn'] },
      },
      // ListStreams has no resource-level permission.
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:PutObjectRetention'],
        Resource: [objectsArn('changes/'), objectsArn('records/')],
        Condition: { StringEquals: { 's3:object-lock-mode': 'COMPLIANCE' } },
      },
    ]);
  });

  it('runs on Node.js 22, arm64, with its own retained log group', () => {
    expect(archiver.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    const logGroupId = archiver.Properties.LoggingConfig.LogGroup.Ref;
    expect(resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
  });
});

describe('alarms on the audit archive', () => {
  const [[topicId]] = ofType('AWS::SNS::Topic');
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

  it("pages on every audit record replaced or deleted other than by TTL (the archiver's alert records)", () => {
    const [, filter] = one('AWS::Logs::MetricFilter', 'AuditRecordChanges');
    expect(filter.Properties).toMatchObject({
      LogGroupName: { Ref: archiver.Properties.LoggingConfig.LogGroup.Ref },
      FilterPattern: `{ $.alert = "${AUDIT_RECORD_CHANGED_ALERT}" }`,
      MetricTransformations: [{ MetricName: 'AuditRecordChanges', MetricValue: '1' }],
    });
    const alarm = alarms.find((candidate) => candidate.MetricName === 'AuditRecordChanges');
    expect(alarm).toMatchObject({ Threshold: 1, Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topicId }] });
    expect(alarm!.OKActions).toBeUndefined();
  });

  it('pages when the archiver falls behind the stream, and on its errors and throttles like every function', () => {
    const lag = alarms.find((candidate) => candidate.MetricName === 'IteratorAge');
    expect(lag).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: AUDIT_ARCHIVE_MAX_LAG.toMilliseconds(),
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: archiverId } }],
      AlarmActions: [{ Ref: topicId }],
    });
    for (const metricName of ['Errors', 'Throttles']) {
      expect(
        alarms.find((candidate) => candidate.MetricName === metricName && candidate.Dimensions?.[0]?.Value?.Ref === archiverId),
        metricName,
      ).toBeDefined();
    }
  });
});
