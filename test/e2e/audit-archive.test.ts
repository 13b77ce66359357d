import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableInput } from '../../local/aws-resources';
import { auditTableChanges } from '../../lambdas/adapters/dynamodb/audit-table-stream';
import { auditPut, DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/dynamo-audit-trail';
import { S3AuditArchive } from '../../lambdas/adapters/s3/s3-audit-archive';
import { AUDIT_RECORD_CHANGED_ALERT, archiveAuditTrail } from '../../lambdas/audit/archive-audit-trail';
import type { AuditRecord } from '../../lambdas/ports/audit-trail';
import { clientConfig, local } from './support/emulator';

/**
 * The audit archive's path without Lambda: moto has no stream -> Lambda event source, so this test
 * reads the audit table's stream itself (DynamoDB Streams' JSON API: moto answers it, and its
 * records have the shape Lambda delivers) and hands the records to the archiver's flow, over the
 * real adapters, against moto's S3 with Object Lock. What it proves: the stream records parse,
 * every added record lands once under its key, locked in compliance mode until the end of its
 * retention, a replacing PutItem and a deletion are alerted and kept as evidence, and a second
 * delivery changes nothing. What it cannot: the table's resource policy and the bucket policy
 * (moto evaluates neither; test/infra/audit-archive.test.ts checks them on the template).
 */

const RETENTION_DAYS = 400;
const TableName = `audit-archive-${randomUUID().slice(0, 8)}`;
const Bucket = `audit-archive-${randomUUID().slice(0, 8)}`;
const dynamo = new DynamoDBClient(clientConfig);
const documents = DynamoDBDocumentClient.from(dynamo);
// Path-style: moto's endpoint is an IP address, not a host a bucket name can prefix.
const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
const config = { tableName: TableName, retentionDays: RETENTION_DAYS };
let streamArn: string;

/** A DynamoDB Streams JSON API call to moto (no SDK client for it at our SDK's version). */
async function streams<T>(operation: string, body: object): Promise<T> {
  const response = await fetch(local.emulatorEndpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `DynamoDBStreams_20120810.${operation}`,
      // moto routes by the credential scope's service; it checks no signature.
      Authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${local.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every record the table's stream holds, from the oldest, as Lambda would deliver them. */
async function streamEvent(): Promise<DynamoDBStreamEvent> {
  const { StreamDescription } = await streams<{ StreamDescription: { Shards: { ShardId: string }[] } }>('DescribeStream', { StreamArn: streamArn });
  const Records = [];
  for (const { ShardId } of StreamDescription.Shards) {
    const { ShardIterator } = await streams<{ ShardIterator: string }>('GetShardIterator', {
      StreamArn: streamArn,
      ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    const page = await streams<DynamoDBStreamEvent>('GetRecords', { ShardIterator });
    Records.push(...page.Records);
  }
  return { Records };
}

const record = (event: AuditRecord['event'], correlationId: string): AuditRecord => ({
  event,
  time: '2026-12-04T12:00:00.000Z',
  actor: 'admin-user-id',
  userId: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
  sourceIp: '203.0.113.10',
  correlationId,
  outcome: 'SUCCESS',
});

const logged: Record<string, unknown>[] = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, attributes: object) => logged.push({ message, ...attributes }),
  error: (message: string, attributes: object) => logged.push({ message, ...attributes }),
} as unknown as Parameters<typeof archiveAuditTrail>[0]['logger'];
const archive = archiveAuditTrail({ archive: new S3AuditArchive(s3, Bucket), logger, retentionDays: RETENTION_DAYS });

const appended = record('ADMIN_MFA_RESET', 'corr-appended');
const transacted = record('ADMIN_DEACTIVATED', 'corr-transacted');
const deleted = record('INVITATION_RESENT', 'corr-deleted');
const keyOf = (r: AuditRecord) => auditPut(config, r).Item;
const objectKey = (r: AuditRecord) => `records/${keyOf(r).pk}/${keyOf(r).sk}.json`;
const versions = async () => (await s3.send(new ListObjectVersionsCommand({ Bucket }))).Versions ?? [];

beforeAll(async () => {
  const table = await dynamo.send(
    new CreateTableCommand({ ...tableInput(TableName), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
  );
  streamArn = table.TableDescription?.LatestStreamArn as string;
  await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: RETENTION_DAYS } } },
    }),
  );

  // Added the two ways the functions add records: alone, and inside a transaction.
  const trail = new DynamoAuditTrail(documents, config);
  await trail.append(appended);
  await documents.send(new TransactWriteCommand({ TransactItems: [{ Put: auditPut(config, transacted) }] }));
  await trail.append(deleted);
  // What the table's resource policy refuses in AWS and a writer's role could still do: a PutItem without the condition.
  await dynamo.send(new PutItemCommand({ TableName, Item: marshall({ ...keyOf(appended), actor: 'someone-else' }) }));
  await dynamo.send(new DeleteItemCommand({ TableName, Key: marshall({ pk: keyOf(deleted).pk, sk: keyOf(deleted).sk }) }));
});

describe('the audit archive on moto (stream records -> archiver flow -> S3 Object Lock)', () => {
  it('archives every added record once, locked in compliance mode until the end of its retention', async () => {
    const event = await streamEvent();
    expect(event.Records.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT', 'INSERT', 'MODIFY', 'REMOVE']);
    await expect(archive(auditTableChanges(event))).resolves.toEqual([]);

    for (const added of [appended, transacted, deleted]) {
      const object = await s3.send(new GetObjectCommand({ Bucket, Key: objectKey(added) }));
      const { record: copy } = JSON.parse(await object.Body!.transformToString());
      // The original, even for the record replaced and the one deleted since.
      expect(copy).toEqual(keyOf(added));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: objectKey(added) }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
      const written = event.Records.find((r) => r.dynamodb?.NewImage?.sk?.S === keyOf(added).sk)!.dynamodb!.ApproximateCreationDateTime!;
      expect(head.ObjectLockRetainUntilDate?.getTime()).toBe(Math.round(written * 1000) + RETENTION_DAYS * 86_400_000);
    }
  });

  it('alerts on the replacing PutItem and the deletion, and keeps both changes as evidence', async () => {
    const alerts = logged.filter((line) => line.alert === AUDIT_RECORD_CHANGED_ALERT);
    expect(alerts.map((line) => line.change)).toEqual(['MODIFY', 'REMOVE']);
    for (const alert of alerts) {
      const object = await s3.send(new GetObjectCommand({ Bucket, Key: alert.evidenceKey as string }));
      const evidence = JSON.parse(await object.Body!.transformToString());
      expect(evidence.change).toBe(alert.change);
      expect(evidence.before).toEqual(alert.change === 'MODIFY' ? keyOf(appended) : keyOf(deleted));
      if (alert.change === 'MODIFY') expect(evidence.after.actor).toBe('someone-else');
    }
  });

  it('a second delivery of the same records changes nothing (each key is taken: 412, counted as archived)', async () => {
    const before = await versions();
    expect(before).toHaveLength(5);
    await expect(archive(auditTableChanges(await streamEvent()))).resolves.toEqual([]);
    expect((await versions()).map((v) => v.VersionId).sort()).toEqual(before.map((v) => v.VersionId).sort());
  });

  it('S3 refuses to delete a locked version', async () => {
    const [version] = await versions();
    await expect(s3.send(new DeleteObjectCommand({ Bucket, Key: version.Key, VersionId: version.VersionId }))).rejects.toThrow();
    expect(await versions()).toHaveLength(5);
  });
});
