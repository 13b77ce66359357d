import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../ports/audit-trail';
import type { Acquisition, CognitoLink, CognitoUserSnapshot, RecoveryTokenRecord, RecoveryTokenStore } from '../../ports/recovery-token-store';
import { auditPut } from './dynamo-audit-trail';
import { ConditionRefused, DynamoRecoveryTokens, epochSeconds, RETENTION_SECONDS, toRecord } from './dynamo-recovery-tokens';
import { keys } from './table-layout';

/** `RecoveryTokenStore` over the single table (see DynamoRecoveryTokens): acquiring, holding and completing issued tokens. */
export class DynamoRecoveryTokenStore extends DynamoRecoveryTokens implements RecoveryTokenStore {
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
}
