import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { WORST_CASE_CALL_MS } from '../../lambdas/composition/sdk-options';
import { acknowledgeNag } from '../nag';
import { METRICS_NAMESPACE } from './alerting';
import { BUNDLING } from './api-function';
import type { AuditTable } from './database';

/** The archive's key prefixes: added records, and the evidence of changes to them (lambdas/audit/archive-audit-trail.ts). */
const ARCHIVE_PREFIXES = ['records/', 'changes/'] as const;

/**
 * Stream records per invocation. They are archived together (one round of PutObject), under the
 * SDK's default of 50 sockets per client.
 */
export const ARCHIVE_BATCH_SIZE = 50;

export interface AuditArchiveProps {
  readonly auditTable: AuditTable;
}

/**
 * The audit trail's write-once copy, which AWS keeps even from whoever can write to the audit
 * table: the table's stream feeds a function that copies every added record to an S3 bucket with
 * Object Lock in compliance mode for the audit retention (no principal, the root user included,
 * can change or delete a locked version before its date), and reports any record replaced or
 * deleted other than by TTL (an alert, and the change's images as evidence in the same bucket).
 * The bucket accepts a PutObject only from the archiver, and only with `If-None-Match: *`, so no
 * key is ever written twice.
 */
export class AuditArchive extends Construct {
  readonly bucket: s3.Bucket;
  readonly archiver: NodejsFunction & { readonly logGroupRef: logs.LogGroup };

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    const { auditTable } = props;
    const retention = Duration.days(auditTable.retentionDays);
    const streamArn = auditTable.table.tableStreamArn;
    if (!streamArn) throw new Error('The audit table has no stream to archive');

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: retention }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(accessLogs, 'AwsSolutions-S1', "This bucket receives the audit archive's access logs; logging its own access would log the log deliveries.");

    this.bucket = new s3.Bucket(this, 'Bucket', {
      // Object Lock needs versioning: a version, once written, is kept unchanged until its retain-until date.
      objectLockEnabled: true,
      versioned: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(retention),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // SSE-S3, not a key of our own: a customer key could be disabled or deleted, leaving a locked archive unreadable.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit-archive/',
      lifecycleRules: [
        // After the retention (and the lock) ran out: hide, then remove, each version, as TTL does in the table.
        {
          id: 'ExpireAfterRetention',
          expiration: retention.plus(Duration.days(1)),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const logGroup = new logs.LogGroup(this, 'ArchiverLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // Its own role: its log group, the audit table's stream, and PutObject into the archive, nothing else.
    const role = new iam.Role(this, 'ArchiverRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the audit archiver',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: [streamArn] }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        // S3 authorizes a PutObject that sets a retention as PutObjectRetention too (which can only lengthen a compliance lock).
        actions: ['s3:PutObject', 's3:PutObjectRetention'],
        resources: ARCHIVE_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
        conditions: { StringEquals: { 's3:object-lock-mode': 'COMPLIANCE' } },
      }),
    );
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams has no resource-level permission (Service Authorization Reference); Lambda lists the stream before reading it. Every other action is on the audit stream or the archive only.',
    );
    for (const prefix of ARCHIVE_PREFIXES) {
      acknowledgeNag(
        role,
        `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${prefix}*]`,
        'One object per audit record or change, named by its key: the archiver must write new keys under its prefix, and may do so only in compliance mode.',
      );
    }

    this.archiver = Object.assign(
      new NodejsFunction(this, 'ArchiverFunction', {
        role,
        entry: path.join(__dirname, '..', '..', 'lambdas', 'stream-handlers', 'archive-audit-trail.ts'),
        handler: 'handler',
        description: "Copies every audit record to the write-once archive and alerts on any record replaced or deleted (the audit table's stream)",
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 256,
        // A batch is one round of PutObject at its worst case, plus a second of its own work.
        timeout: Duration.seconds(Math.ceil(WORST_CASE_CALL_MS / 1000) + 1),
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        environment: {
          POWERTOOLS_SERVICE_NAME: 'account-lifecycle',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          AUDIT_ARCHIVE_BUCKET_NAME: this.bucket.bucketName,
          AUDIT_RETENTION_DAYS: String(auditTable.retentionDays),
        },
        bundling: { ...BUNDLING, mainFields: [...BUNDLING.mainFields], externalModules: [...BUNDLING.externalModules] },
      }),
      { logGroupRef: logGroup },
    );
    acknowledgeNag(
      this.archiver,
      'AwsSolutions-L1',
      'The runtime is pinned to Node.js 22 on purpose: it is the version the code is built, bundled and tested for; moving to a newer runtime is a deliberate, tested change.',
    );

    // From the oldest record the stream holds; a failed record is delivered again (with those after
    // it) until archived or 24 hours old (the stream's retention; the iterator-age alarm fires long before).
    const mapping = new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: this.archiver,
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: ARCHIVE_BATCH_SIZE,
      reportBatchItemFailures: true,
    });
    // Lambda checks at creation that the role may read the stream: the role's policy comes first.
    mapping.node.addDependency(role);

    // Write-once, by the archiver only: AWS refuses every other PutObject, whatever an identity policy allows.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheArchiverWrites',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoKeyWrittenTwice',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  }
}
