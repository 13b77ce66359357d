import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptLimit, RateLimiter } from '../../ports/rate-limiter';
import type { Clock } from '../../shared/runtime';
import { toDependencyError } from '../aws-errors';
import { keys } from './table-layout';

/**
 * Fixed-window attempt counters: one item per (scope, subject, window), incremented atomically and
 * removed by TTL after the window. The subject (an email, an IP) is hashed into the key, so the
 * table never accumulates the raw addresses strangers typed in.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async tryAttempt(scope: string, subject: string, limit: AttemptLimit): Promise<boolean> {
    const nowSeconds = Math.floor(this.clock().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
    const subjectHash = createHash('sha256').update(`${scope}:${subject}`).digest('hex');
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.attemptCounter(subjectHash, windowStart),
          UpdateExpression: 'ADD attempts :one SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':entity': 'AttemptCounter', ':ttl': windowStart + limit.windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.attempts ?? 0) <= limit.max;
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }
}
