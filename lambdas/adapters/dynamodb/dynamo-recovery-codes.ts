import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecoveryCodeStatus, RecoveryCodeStore } from '../../ports/recovery-code-store';
import { toDependencyError } from '../aws-errors';
import { getItem, isConditionFailure } from './items';
import { keys } from './table-layout';

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
