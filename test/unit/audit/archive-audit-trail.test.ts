import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditPut } from '../../../lambdas/adapters/dynamodb/dynamo-audit-trail';
import { AUDIT_RECORD_CHANGED_ALERT } from '../../../lambdas/audit/archive-audit-trail';
import type { AuditRecord } from '../../../lambdas/ports/audit-trail';
import { handler as archiverHandler } from '../../../lambdas/stream-handlers/archive-audit-trail';
import { captureLogs } from '../../support/logs';
import { asFunction, mockClient, takeRefusals } from '../../support/aws-mocks';

const s3 = mockClient(S3Client);
/**
 * The archiver (AuditArchive's ArchiverFunction): each PutObject is held to its role by bucket and key
 * ARN and s3:object-lock-mode, and to the archive bucket's policy (only the archiver writes; never
 * without If-None-Match; TLS only), as S3 evaluates them (test/support/aws-mocks.ts).
 */
const ARCHIVER = 'archiver';
const handler = asFunction(ARCHIVER, archiverHandler);
const BUCKET = process.env.AUDIT_ARCHIVE_BUCKET_NAME;
const RETENTION_DAYS = 400;
const USER_ID = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
/** 2026-11-23T12:00:00Z, when the stream says DynamoDB wrote the record. */
const WRITTEN_AT = 1_795_435_200;

const record: AuditRecord = {
  event: 'ADMIN_MFA_RESET',
  time: '2026-11-23T12:00:00.000Z',
  actor: 'admin-user-id',
  userId: USER_ID,
  sourceIp: '203.0.113.10',
  correlationId: 'corr-1',
  outcome: 'SUCCESS',
  details: { reason: 'lost phone' },
};
/** The item the appending functions write (the same Put they send). */
const item = auditPut({ tableName: 'test-audit-table', retentionDays: RETENTION_DAYS }, record).Item;
const keys = { pk: item.pk, sk: item.sk };

const image = (value: Record<string, unknown>) => marshall(value) as Record<string, AttributeValue>;
let sequence = 100;

function change(kind: 'INSERT' | 'MODIFY' | 'REMOVE', images: { old?: Record<string, unknown>; new?: Record<string, unknown> }, byTtl = false): DynamoDBRecord {
  sequence += 1;
  const { pk, sk } = (images.new ?? images.old)!;
  return {
    eventID: `event-${sequence}`,
    eventName: kind,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: WRITTEN_AT,
      Keys: image({ pk, sk }),
      ...(images.old && { OldImage: image(images.old) }),
      ...(images.new && { NewImage: image(images.new) }),
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(byTtl && { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
  };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
const inserted = () => change('INSERT', { new: item });
const alerts = (records: Record<string, any>[]) => records.filter((line) => line.alert === AUDIT_RECORD_CHANGED_ALERT);
const RETAIN_UNTIL = new Date((WRITTEN_AT + RETENTION_DAYS * 86_400) * 1000);

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('archiveAuditTrail (the audit table stream)', () => {
  it('archives an added record under its table key, write-once, locked in compliance mode for the audit retention', async () => {
    const added = inserted();
    await expect(handler(batch(added))).resolves.toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({
      Bucket: BUCKET,
      Key: `records/USER#${USER_ID}/2026-11-23T12:00:00.000Z#corr-1#ADMIN_MFA_RESET.json`,
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
      ChecksumAlgorithm: 'SHA256',
      ContentType: 'application/json',
    });
    // The lock lasts exactly as long as the table keeps the record (its TTL).
    expect((put.ObjectLockRetainUntilDate as Date).getTime() / 1000).toBe(item.ttl);
    expect(JSON.parse(String(put.Body))).toEqual({ record: item, addedAt: '2026-11-23T12:00:00.000Z', changeId: added.eventID });
  });

  it.each([
    ['replaced (a PutItem without the condition)', () => change('MODIFY', { old: item, new: { ...item, actor: 'someone-else' } })],
    ['deleted by a caller', () => change('REMOVE', { old: item })],
  ])('alerts when a record is %s, and archives the change as evidence', async (_case, changed) => {
    const tampering = changed();
    const { result, records } = await captureLogs(() => handler(batch(tampering)));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(alerts(records)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        change: tampering.eventName,
        keys,
        changeId: tampering.eventID,
        evidenceKey: `changes/${tampering.eventID}.json`,
        repair: expect.any(String),
      }),
    ]);
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({
      Key: `changes/${tampering.eventID}.json`,
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
    });
    const evidence = JSON.parse(String(put.Body));
    expect(evidence).toMatchObject({ change: tampering.eventName, keys, before: item });
    if (tampering.eventName === 'MODIFY') expect(evidence.after.actor).toBe('someone-else');
    else expect(evidence.after).toBeUndefined();
  });

  it('stays quiet when TTL removes a record at the end of its retention (the stream names DynamoDB as the deleter)', async () => {
    const { result, records } = await captureLogs(() => handler(batch(change('REMOVE', { old: item }, true))));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(alerts(records)).toEqual([]);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('a deletion whose user identity is not DynamoDB itself is not a TTL deletion', async () => {
    const forged = change('REMOVE', { old: item });
    forged.userIdentity = { type: 'Service', principalId: 'lambda.amazonaws.com' };
    const { records } = await captureLogs(() => handler(batch(forged)));
    expect(alerts(records)).toHaveLength(1);
  });

  it('reports only the changes it could not archive, so the stream delivers them again; the retry writes the same key and converges', async () => {
    const [first, failing, third] = [inserted(), change('INSERT', { new: { ...item, sk: 'other' } }), inserted()];
    s3.on(PutObjectCommand, { Key: `records/USER#${USER_ID}/other.json` }).rejectsOnce(
      Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }),
    );
    await expect(handler(batch(first, failing, third))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: failing.dynamodb!.SequenceNumber }] });

    // The stream delivers again from the failed record on: the one already archived answers 412 (its key is taken).
    s3.on(PutObjectCommand, { Key: `records/USER#${USER_ID}/2026-11-23T12:00:00.000Z#corr-1#ADMIN_MFA_RESET.json` }).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      }),
    );
    await expect(handler(batch(failing, third))).resolves.toEqual({ batchItemFailures: [] });
    const keysWritten = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keysWritten).toEqual([
      `records/USER#${USER_ID}/2026-11-23T12:00:00.000Z#corr-1#ADMIN_MFA_RESET.json`,
      `records/USER#${USER_ID}/other.json`,
      `records/USER#${USER_ID}/2026-11-23T12:00:00.000Z#corr-1#ADMIN_MFA_RESET.json`,
      `records/USER#${USER_ID}/other.json`,
      `records/USER#${USER_ID}/2026-11-23T12:00:00.000Z#corr-1#ADMIN_MFA_RESET.json`,
    ]);
    // Every write of one change carries the same retention: a retry is the same object.
    const retentions = new Set(s3.commandCalls(PutObjectCommand).map((call) => (call.args[0].input.ObjectLockRetainUntilDate as Date).getTime()));
    expect(retentions).toEqual(new Set([RETAIN_UNTIL.getTime()]));
  });

  it('reports a change whose evidence could not be written (after alerting), and alerts again on the retry', async () => {
    const tampering = change('REMOVE', { old: item });
    s3.on(PutObjectCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
    const failed = await captureLogs(() => handler(batch(tampering)));
    expect(failed.result).toEqual({ batchItemFailures: [{ itemIdentifier: tampering.dynamodb!.SequenceNumber }] });
    expect(alerts(failed.records)).toHaveLength(1);
    const retried = await captureLogs(() => handler(batch(tampering)));
    expect(retried.result).toEqual({ batchItemFailures: [] });
    expect(alerts(retried.records)).toHaveLength(1);
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      `changes/${tampering.eventID}.json`,
      `changes/${tampering.eventID}.json`,
    ]);
  });

  it('a write outside the archive prefixes, or without If-None-Match, or as another function, is refused', async () => {
    const put = (input: Partial<ConstructorParameters<typeof PutObjectCommand>[0]>) =>
      new S3Client({}).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'records/x.json', ObjectLockMode: 'COMPLIANCE', IfNoneMatch: '*', ...input }));
    await asFunction(ARCHIVER, () => put({}))();
    expect(await takeRefusals()).toEqual([]);
    await asFunction(ARCHIVER, () => put({ Key: 'elsewhere/x.json' }))();
    await asFunction(ARCHIVER, () => put({ IfNoneMatch: undefined }))();
    await asFunction('post-admins', () => put({}))();
    const refused = await takeRefusals();
    expect(refused.filter((line) => line.startsWith(`${ARCHIVER} (reset): s3:PutObject on arn:aws:s3:::${BUCKET}/elsewhere/x.json`))).toHaveLength(1);
    // Its role allows it; the bucket policy's NoKeyWrittenTwice denies it.
    expect(refused.filter((line) => line.startsWith(`${ARCHIVER} (reset): s3:PutObject on arn:aws:s3:::${BUCKET}/records/x.json`))).toHaveLength(1);
    expect(refused.filter((line) => line.startsWith('post-admins (reset): s3:PutObject on '))).toHaveLength(1);
  }, 180_000);
});
