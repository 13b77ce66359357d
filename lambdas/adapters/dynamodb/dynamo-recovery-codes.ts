import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecoveryCodeStatus, RecoveryCodeStore } from '../../ports/recovery-code-store';
import { TooManyRequestsError } from '../../shared/errors';
import { type Sleep, timerSleep } from '../../shared/runtime';
import { toDependencyError } from '../aws-errors';
import { getItem, isConditionFailure } from './items';
import { keys, PARTITIONS } from './table-layout';

/** BatchGetItem reads at most 100 keys a request. */
const BATCH_GET_KEYS = 100;
/** Reads again of keys DynamoDB left unprocessed (throttled), after 50, 100 and 200 ms, before answering 429. */
const UNPROCESSED_RETRIES = 3;

/**
 * `RecoveryCodeStore` over one item per user (`USER#<id>` / `RECOVERY_CODES`): `codeHashes`, the
 * unused codes' keyed hashes as a string set (DynamoDB drops the attribute when the last one goes),
 * `usedHashes`, those consumed (so only a consumed hash of this very set can be put back),
 * `createdAt` and `total`.
 */
export class DynamoRecoveryCodes implements RecoveryCodeStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = timerSleep,
  ) {}

  async replace(userId: string, codeHashes: readonly string[], createdAt: string): Promise<void> {
    try {
      // One unconditional Put: the earlier set, used hashes included, is gone with it.
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.recoveryCodes(userId), entity: 'RecoveryCodes', codeHashes: new Set(codeHashes), createdAt, total: codeHashes.length },
        }),
      );
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  async status(userId: string): Promise<RecoveryCodeStatus | null> {
    const item = await getItem(this.documents, this.tableName, keys.recoveryCodes(userId));
    if (!item) return null;
    return { remaining: remainingIn(item), createdAt: item.createdAt as string };
  }

  async statuses(userIds: readonly string[]): Promise<ReadonlyMap<string, RecoveryCodeStatus>> {
    if (userIds.length > BATCH_GET_KEYS) throw new RangeError(`at most ${BATCH_GET_KEYS} users a read, not ${userIds.length}`);
    const found = new Map<string, RecoveryCodeStatus>();
    let pending: Record<string, string>[] = userIds.map((userId) => keys.recoveryCodes(userId));
    for (let retry = 0; pending.length > 0; retry++) {
      // DynamoDB leaves keys unprocessed when throttled; the SDK does not read them again, so we do, with backoff.
      if (retry > UNPROCESSED_RETRIES) throw new TooManyRequestsError(new Error(`${pending.length} recovery-code keys left unprocessed`));
      if (retry > 0) await this.sleep(25 * 2 ** retry);
      pending = await this.readBatch(pending, found);
    }
    return found;
  }

  /** One BatchGetItem of `pending` into `found`; answers the keys left unprocessed. */
  private async readBatch(pending: readonly Record<string, string>[], found: Map<string, RecoveryCodeStatus>): Promise<Record<string, string>[]> {
    try {
      const { Responses, UnprocessedKeys } = await this.documents.send(
        new BatchGetCommand({
          // Only what the status needs (not the used hashes), strongly consistent as every read here.
          RequestItems: { [this.tableName]: { Keys: [...pending], ConsistentRead: true, ProjectionExpression: 'pk, codeHashes, createdAt' } },
        }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        found.set(String(item.pk).slice(PARTITIONS.user.length), { remaining: remainingIn(item), createdAt: item.createdAt as string });
      }
      return (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, string>[];
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  async consume(userId: string, codeHash: string): Promise<number | undefined> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCodes(userId),
          UpdateExpression: 'DELETE codeHashes :hashes ADD usedHashes :hashes',
          // The condition and the removal are one write: of concurrent uses of a code, one finds it.
          ConditionExpression: 'contains(codeHashes, :hash)',
          ExpressionAttributeValues: { ':hashes': new Set([codeHash]), ':hash': codeHash },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return remainingIn(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw toDependencyError('dynamodb', error);
    }
  }

  async release(userId: string, codeHash: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCodes(userId),
          UpdateExpression: 'ADD codeHashes :hashes DELETE usedHashes :hashes',
          // Only a hash this set consumed: never a code of a set that has since been replaced, never twice.
          ConditionExpression: 'contains(usedHashes, :hash)',
          ExpressionAttributeValues: { ':hashes': new Set([codeHash]), ':hash': codeHash },
        }),
      );
    } catch (error) {
      // Already put back, or the set was replaced meanwhile: nothing to release.
      if (isConditionFailure(error)) return;
      throw toDependencyError('dynamodb', error);
    }
  }
}

function remainingIn(item: Record<string, unknown>): number {
  return (item.codeHashes as ReadonlySet<string> | undefined)?.size ?? 0;
}
