import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CognitoLink, RecoveryTokenRecord, RecoveryTokenStore } from '../../ports/recovery-token-store';
import { InvalidUserStateError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { getItem, isConditionFailure } from './items';
import { keys } from './table-layout';

/** How long a finished or voided token item is kept for audit before TTL removes it. */
const RETENTION_SECONDS = 30 * 24 * 3600;

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * `RecoveryTokenStore` over the single table. Two kinds of item:
 * - the token (`RECOVERY_TOKEN#<hash>`): userId, status, times; TTL only cleans up, expiry is checked in code
 *   and in the consume condition;
 * - the user's recovery state (`USER#<id>` / `MFA_RECOVERY`): `activeTokenHash` (issuing a token
 *   overwrites it, which is what invalidates every earlier token) and `inProgressTokenHash` (set
 *   while a recovery runs, so a second one cannot start, and so an operator can find it).
 */
export class DynamoRecoveryTokenStore implements RecoveryTokenStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async issue(token: Omit<RecoveryTokenRecord, 'status' | 'leaseUntil'>): Promise<void> {
    await this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.recoveryToken(token.tokenHash),
            entity: 'RecoveryToken',
            ...token,
            status: 'ISSUED',
            ttl: epochSeconds(new Date(token.expiresAt)) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.mfaRecovery(token.userId),
          UpdateExpression: 'SET entity = :entity, activeTokenHash = :hash, tokenIssuedAt = :now',
          ExpressionAttributeValues: { ':entity': 'MfaRecovery', ':hash': token.tokenHash, ':now': token.createdAt },
        },
      },
    ]);
  }

  async voidToken(tokenHash: string): Promise<void> {
    await this.update({
      Key: keys.recoveryToken(tokenHash),
      UpdateExpression: 'SET #status = :void',
      ConditionExpression: '#status = :issued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':void': 'VOID', ':issued': 'ISSUED' },
    });
  }

  async findToken(tokenHash: string): Promise<RecoveryTokenRecord | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.recoveryToken(tokenHash));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ttl: _ttl, consumedAt: _consumedAt, completedAt: _completedAt, ...token } = item;
    return token as unknown as RecoveryTokenRecord;
  }

  async consume(token: RecoveryTokenRecord, now: Date, leaseUntil: Date): Promise<boolean> {
    try {
      await this.transact([
        {
          Update: {
            TableName: this.tableName,
            Key: keys.recoveryToken(token.tokenHash),
            // Once consumed the item must outlive any TTL: it is the state a retry resumes from.
            UpdateExpression: 'SET #status = :inProgress, consumedAt = :now, leaseUntil = :lease REMOVE #ttl',
            ConditionExpression: '#status = :issued AND expiresAt > :now AND userId = :userId',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':inProgress': 'IN_PROGRESS',
              ':issued': 'ISSUED',
              ':now': now.toISOString(),
              ':lease': leaseUntil.toISOString(),
              ':userId': token.userId,
            },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.mfaRecovery(token.userId),
            UpdateExpression: 'SET inProgressTokenHash = :hash, recoveryStartedAt = :now',
            ConditionExpression: 'activeTokenHash = :hash AND attribute_not_exists(inProgressTokenHash)',
            ExpressionAttributeValues: { ':hash': token.tokenHash, ':now': now.toISOString() },
          },
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConditionRefused) return false;
      throw error;
    }
  }

  async takeOver(tokenHash: string, now: Date, leaseUntil: Date): Promise<boolean> {
    try {
      await this.update({
        Key: keys.recoveryToken(tokenHash),
        UpdateExpression: 'SET leaseUntil = :lease',
        ConditionExpression: '#status = :inProgress AND leaseUntil <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': now.toISOString(), ':lease': leaseUntil.toISOString() },
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionRefused) return false;
      throw error;
    }
  }

  async release(tokenHash: string, now: Date): Promise<void> {
    await this.update({
      Key: keys.recoveryToken(tokenHash),
      UpdateExpression: 'SET leaseUntil = :now',
      ConditionExpression: '#status = :inProgress',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': now.toISOString() },
    });
  }

  async complete(token: RecoveryTokenRecord, link: CognitoLink, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(token.userId),
          UpdateExpression: 'SET cognitoUsername = :username, cognitoSub = :sub, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':username': link.cognitoUsername, ':sub': link.cognitoSub, ':now': at },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.recoveryToken(token.tokenHash),
          UpdateExpression: 'SET #status = :completed, completedAt = :now, #ttl = :ttl REMOVE leaseUntil',
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ':inProgress': 'IN_PROGRESS',
            ':now': at,
            ':ttl': epochSeconds(now) + RETENTION_SECONDS,
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.mfaRecovery(token.userId),
          UpdateExpression: 'SET lastRecoveredAt = :now REMOVE inProgressTokenHash',
          ConditionExpression: 'inProgressTokenHash = :hash',
          ExpressionAttributeValues: { ':hash': token.tokenHash, ':now': at },
        },
      },
    ]);
  }

  async findInProgressTokenHash(userId: string): Promise<string | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.mfaRecovery(userId));
    return typeof item?.inProgressTokenHash === 'string' ? item.inProgressTokenHash : undefined;
  }

  private async update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<void> {
    try {
      await this.documents.send(new UpdateCommand({ TableName: this.tableName, ...input }));
    } catch (error) {
      throw isConditionFailure(error) ? new ConditionRefused(error) : toDependencyError('dynamodb', error);
    }
  }

  private async transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw isConditionFailure(error) ? new ConditionRefused(error) : toDependencyError('dynamodb', error);
    }
  }
}

/**
 * A write refused by its condition: the recovery state changed under us (e.g. another confirm
 * finished it). `consume`/`takeOver` turn it into `false`; elsewhere it surfaces as a 409.
 */
class ConditionRefused extends InvalidUserStateError {
  constructor(cause: unknown) {
    super('The account recovery changed while this request was running. Try again.', cause);
  }
}
