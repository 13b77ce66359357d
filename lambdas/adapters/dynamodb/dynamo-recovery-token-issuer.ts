import type { AuditRecord } from '../../ports/audit-trail';
import type { NewRecoveryToken, RecoveryTokenIssuer, RecoveryTokenRecord } from '../../ports/recovery-token-store';
import { auditPut } from './dynamo-audit-trail';
import { DynamoRecoveryTokens, epochSeconds, RETENTION_SECONDS } from './dynamo-recovery-tokens';
import { keys } from './table-layout';

/** `RecoveryTokenIssuer` over the single table (see DynamoRecoveryTokens). */
export class DynamoRecoveryTokenIssuer extends DynamoRecoveryTokens implements RecoveryTokenIssuer {
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
}
