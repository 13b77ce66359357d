import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyedHash } from '../../ports/keyed-hash';
import type { AttemptLimit, RateLimiter } from '../../ports/rate-limiter';
import type { Clock } from '../../shared/runtime';
import { toDependencyError } from '../aws-errors';
import { keys } from './table-layout';

/**
 * Fixed-window attempt counters: one item per (scope, subject, window), incremented atomically and
 * removed by TTL after the window. The subject (an email, an IP, a user id) enters the key only as
 * a keyed hash (HMAC under the deployment's secret): the table never holds the addresses strangers
 * typed in, and a reader of it cannot recover them by hashing every IPv4 address or a list of emails.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly subjectHash: KeyedHash,
  ) {}

  async tryAttempt(scope: string, subject: string, limit: AttemptLimit): Promise<boolean> {
    const nowSeconds = Math.floor(this.clock().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
    const subjectHash = await this.subjectHash.digest(`${scope}:${subject}`);
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
