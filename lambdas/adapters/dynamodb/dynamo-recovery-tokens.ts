import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecoveryTokenLookup, RecoveryTokenRecord } from '../../ports/recovery-token-store';
import { InvalidUserStateError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import type { AuditTableConfig } from './dynamo-audit-trail';
import { getItem, isConditionFailure } from './items';
import { keys } from './table-layout';

/** How long a finished or voided token item is kept for audit before TTL removes it. */
export const RETENTION_SECONDS = 30 * 24 * 3600;

/** A time as DynamoDB TTL wants it. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A token item without its keys and bookkeeping. */
export function toRecord(item: Record<string, unknown>): RecoveryTokenRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ttl: _ttl, consumedAt: _consumedAt, completedAt: _completedAt, supersededAt: _supersededAt, ...token } = item;
  return token as unknown as RecoveryTokenRecord;
}

/**
 * A write refused by its condition: the recovery state changed under us (e.g. another confirm
 * finished it). `consume`/`takeOver` turn it into `false`; elsewhere it surfaces as a 409.
 */
export class ConditionRefused extends InvalidUserStateError {
  constructor(cause: unknown) {
    super('The account recovery changed while this request was running. Try again.', cause);
  }
}

/**
 * The recovery tokens in the single table, as `DynamoRecoveryTokenIssuer` (the request route) and
 * `DynamoRecoveryTokenStore` (the confirm route) both read and write them. Two kinds of item:
 * - the token (`RECOVERY_TOKEN#<hash>`): userId, status, times, lease, the `recreate` snapshot; TTL
 *   only cleans up (after the recovery deadline plus retention), expiry is checked in conditions;
 * - the user's recovery state (`USER#<id>` / `MFA_RECOVERY`): `activeTokenHash`, the most recently
 *   issued token. Issuing supersedes the previous one in the same transaction, so at most one token
 *   of a user is ever ISSUED or IN_PROGRESS.
 * Issuing and completing carry their audit record (in the audit table) in the same transaction.
 */
export abstract class DynamoRecoveryTokens implements RecoveryTokenLookup {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly auditTable: AuditTableConfig,
  ) {}

  async findToken(tokenHash: string): Promise<RecoveryTokenRecord | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.recoveryToken(tokenHash));
    return item && toRecord(item);
  }

  async findActiveToken(userId: string): Promise<RecoveryTokenRecord | undefined> {
    const state = await getItem(this.documents, this.tableName, keys.mfaRecovery(userId));
    return typeof state?.activeTokenHash === 'string' ? this.findToken(state.activeTokenHash) : undefined;
  }

  protected async update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<void> {
    await this.send(new UpdateCommand({ TableName: this.tableName, ...input }));
  }

  protected async send(command: UpdateCommand) {
    try {
      return await this.documents.send(command);
    } catch (error) {
      throw isConditionFailure(error) ? new ConditionRefused(error) : toDependencyError('dynamodb', error);
    }
  }

  protected async transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw isConditionFailure(error) ? new ConditionRefused(error) : toDependencyError('dynamodb', error);
    }
  }
}
