import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ADMIN_INDEX, DEFAULT_AUDIT_RETENTION_DAYS, TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-layout';

export interface DatabaseProps {
  /** Days an audit record is kept before TTL removes it (default 400). */
  readonly auditRetentionDays?: number;
}

/** What both tables share: string pk/sk, on-demand, PITR, encrypted, TTL, kept on stack deletion. */
const TABLE_SETTINGS: dynamodb.TablePropsV2 = {
  partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
  sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
  billing: dynamodb.Billing.onDemand(),
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
  timeToLiveAttribute: TABLE_KEYS.timeToLive,
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * Every DynamoDB action that changes an item, except PutItem: the audit table's resource policy
 * denies them to every principal. PutItem stays, as it is how records are added (alone, or inside a
 * TransactWriteItems with the change they record, which IAM authorizes as a PutItem); IAM has no
 * condition key that could refuse a PutItem replacing an item, so that case is caught from the
 * stream (AuditArchive).
 */
export const AUDIT_TABLE_DENIED_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * The append-only audit table. No function is granted UpdateItem, DeleteItem or BatchWriteItem on
 * it, and its resource policy denies them to everyone (AWS refuses them whatever an identity policy
 * allows): writers may only add records (the adapter's condition refuses to replace one), the
 * reader may only Query. Its stream feeds the write-once archive (AuditArchive), which also reports
 * any record replaced or deleted. Old records are removed by TTL after the retention.
 */
export class AuditTable extends Construct {
  readonly table: dynamodb.TableV2;
  readonly retentionDays: number;

  constructor(scope: Construct, id: string, retentionDays: number) {
    super(scope, id);
    this.retentionDays = retentionDays;
    this.table = new dynamodb.TableV2(this, 'Table', {
      ...TABLE_SETTINGS,
      // Old and new images: a replaced or deleted record's archived evidence shows what it was.
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      resourcePolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AppendOnly',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: [...AUDIT_TABLE_DENIED_ACTIONS],
            // The table's own ARN would be a circular reference; a table policy applies to its table only.
            resources: ['*'],
          }),
        ],
      }),
    });
  }

  get tableName(): string {
    return this.table.tableName;
  }

  /** May add records (alone or inside a transaction with other tables' writes), nothing else. */
  grantAppend(grantee: iam.IGrantable & { allow(actions: string[], resources: string[]): unknown }): void {
    grantee.allow(['dynamodb:PutItem'], [this.table.tableArn]);
  }

  /** May page through a user's records, nothing else. */
  grantRead(grantee: iam.IGrantable & { allow(actions: string[], resources: string[]): unknown }): void {
    grantee.allow(['dynamodb:Query'], [this.table.tableArn]);
  }
}

/** The application's single DynamoDB table (users, admin info, licenses, recovery tokens, counters) and the audit table. */
export class Database extends Construct {
  readonly table: dynamodb.TableV2;
  readonly auditTable: AuditTable;

  constructor(scope: Construct, id: string, props: DatabaseProps = {}) {
    super(scope, id);
    // Expired tokens and counters are removed lazily by TTL; expiry itself is enforced in code.
    this.table = new dynamodb.TableV2(this, 'Table', {
      ...TABLE_SETTINGS,
      // GET /admins: one partition of AdminInfo items in creation order (only they carry these keys).
      globalSecondaryIndexes: [
        {
          indexName: ADMIN_INDEX.name,
          partitionKey: { name: ADMIN_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: ADMIN_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
        },
      ],
    });
    this.auditTable = new AuditTable(this, 'Audit', props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS);
  }
}
