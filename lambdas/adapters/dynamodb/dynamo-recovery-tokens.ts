import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../ports/audit-trail';
import type {
  Acquisition,
  CognitoLink,
  CognitoUserSnapshot,
  NewRecoveryToken,
  RecoveryTokenIssuer,
  RecoveryTokenRecord,
  RecoveryTokenStore,
} from '../../ports/recovery-token-store';
import { InvalidUserStateError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { type AuditTableConfig, auditPut } from './dynamo-audit-trail';
import { getItem, isConditionFailure } from './items';
import { keys } from './table-layout';

/** How long a finished or voided token item is kept for audit before TTL removes it. */
const RETENTION_SECONDS = 30 * 24 * 3600;

/** A time as DynamoDB TTL wants it. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A token item without its keys and bookkeeping. */
function toRecord(item: Record<string, unknown>): RecoveryTokenRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ttl: _ttl, consumedAt: _consumedAt, completedAt: _completedAt, supersededAt: _supersededAt, ...token } = item;
  return token as unknown as RecoveryTokenRecord;
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

/**
 * `RecoveryTokenIssuer` (the request route) and `RecoveryTokenStore` (the confirm route: acquiring,
 * holding and completing issued tokens) over the single table. Two kinds of item:
 * - the token (`RECOVERY_TOKEN#<hash>`): userId, status, times, lease, the `recreate` snapshot; TTL
 *   only cleans up (after the recovery deadline plus retention), expiry is checked in conditions;
 * - the user's recovery state (`USER#<id>` / `MFA_RECOVERY`): `activeTokenHash`, the most recently
 *   issued token. Issuing supersedes the previous one in the same transaction, so at most one token
 *   of a user is ever ISSUED or IN_PROGRESS.
 * Issuing and completing carry their audit record (in the audit table) in the same transaction.
 */
export class DynamoRecoveryTokens implements RecoveryTokenIssuer, RecoveryTokenStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly auditTable: AuditTableConfig,
  ) {}

  async findToken(tokenHash: string): Promise<RecoveryTokenRecord | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.recoveryToken(tokenHash));
    return item && toRecord(item);
  }

  async findActiveToken(userId: string): Promise<RecoveryTokenRecord | undefined> {
    const state = await getItem(this.documents, this.tableName, keys.mfaRecovery(userId));
    return typeof state?.activeTokenHash === 'string' ? this.findToken(state.activeTokenHash) : undefined;
  }

  async issue(token: NewRecoveryToken, previous: RecoveryTokenRecord | undefined, now: Date, audit: AuditRecord): Promise<void> {
    const at = now.toISOString();
    await this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.recoveryToken(token.tokenHash),
            entity: 'RecoveryToken',
            ...token,
            status: 'ISSUED',
            // An acquired token is the state a retry resumes from: it must outlive its deadline.
            ttl: epochSeconds(new Date(token.deadlineAt)) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.mfaRecovery(token.userId),
          UpdateExpression: 'SET entity = :entity, activeTokenHash = :hash, tokenIssuedAt = :now',
          // Nobody issued another token since `previous` was read.
          ConditionExpression: previous ? 'activeTokenHash = :previous' : 'attribute_not_exists(activeTokenHash)',
          ExpressionAttributeValues: {
            ':entity': 'MfaRecovery',
            ':hash': token.tokenHash,
            ':now': at,
            ...(previous ? { ':previous': previous.tokenHash } : {}),
          },
        },
      },
      ...(previous && (previous.status === 'ISSUED' || previous.status === 'IN_PROGRESS')
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.recoveryToken(previous.tokenHash),
                UpdateExpression: 'SET #status = :superseded, supersededAt = :now',
                // Never a recovery some confirm is working on right now.
                ConditionExpression: '#status = :issued OR (#status = :inProgress AND leaseUntil <= :now)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':superseded': 'SUPERSEDED', ':issued': 'ISSUED', ':inProgress': 'IN_PROGRESS', ':now': at },
              },
            },
          ]
        : []),
      { Put: auditPut(this.auditTable, audit) },
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

  async acquire(tokenHash: string, now: Date, leaseUntil: Date, options: { readonly pastDeadline?: boolean } = {}): Promise<Acquisition> {
    const at = now.toISOString();
    const resumable = `#status = :inProgress AND leaseUntil <= :now${options.pastDeadline ? '' : ' AND deadlineAt > :now'}`;
    try {
      const { Attributes } = await this.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryToken(tokenHash),
          UpdateExpression: 'SET #status = :inProgress, leaseUntil = :lease, consumedAt = if_not_exists(consumedAt, :now)',
          ConditionExpression: `(#status = :issued AND expiresAt > :now) OR (${resumable})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':issued': 'ISSUED', ':now': at, ':lease': leaseUntil.toISOString() },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = toRecord(Attributes ?? {});
      return { acquired: true, record: { ...before, status: 'IN_PROGRESS', leaseUntil: leaseUntil.toISOString() }, resumed: before.status === 'IN_PROGRESS' };
    } catch (error) {
      if (!(error instanceof ConditionRefused)) throw error;
      // Refusals only: the caller wants to know why (unknown, in progress elsewhere, past its deadline).
      return { acquired: false, record: await this.findToken(tokenHash) };
    }
  }

  async giveBack(token: RecoveryTokenRecord, leaseUntil: Date): Promise<void> {
    await this.update({
      Key: keys.recoveryToken(token.tokenHash),
      UpdateExpression: 'SET #status = :issued REMOVE leaseUntil, consumedAt',
      ConditionExpression: '#status = :inProgress AND leaseUntil = :lease',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':issued': 'ISSUED', ':inProgress': 'IN_PROGRESS', ':lease': leaseUntil.toISOString() },
    });
  }

  async saveSnapshot(tokenHash: string, snapshot: CognitoUserSnapshot): Promise<void> {
    await this.update({
      Key: keys.recoveryToken(tokenHash),
      UpdateExpression: 'SET #snapshot = :snapshot',
      ConditionExpression: '#status = :inProgress',
      // SNAPSHOT is a DynamoDB reserved word.
      ExpressionAttributeNames: { '#status': 'status', '#snapshot': 'snapshot' },
      ExpressionAttributeValues: { ':snapshot': snapshot, ':inProgress': 'IN_PROGRESS' },
    });
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

  async complete(token: RecoveryTokenRecord, now: Date, audit: AuditRecord, link?: CognitoLink): Promise<void> {
    const at = now.toISOString();
    await this.transact([
      ...(link
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(token.userId),
                UpdateExpression: 'SET cognitoUsername = :username, cognitoSub = :sub, updatedAt = :now',
                // Still linked to the user this token replaced.
                ConditionExpression: 'cognitoUsername = :previous',
                ExpressionAttributeValues: { ':username': link.cognitoUsername, ':sub': link.cognitoSub, ':now': at, ':previous': token.cognitoUsername },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.recoveryToken(token.tokenHash),
          // The snapshot (names, email) has done its job: it does not stay for the retention period.
          UpdateExpression: 'SET #status = :completed, completedAt = :now, #ttl = :ttl REMOVE leaseUntil, #snapshot',
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl', '#snapshot': 'snapshot' },
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
          UpdateExpression: 'SET lastRecoveredAt = :now',
          ExpressionAttributeValues: { ':now': at },
        },
      },
      { Put: auditPut(this.auditTable, audit) },
    ]);
  }

  private async update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<void> {
    await this.send(new UpdateCommand({ TableName: this.tableName, ...input }));
  }

  private async send(command: UpdateCommand) {
    try {
      return await this.documents.send(command);
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
