import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LicenseRecord, LicenseRepository } from '../../ports/license-repository';
import { toDependencyError } from '../aws-errors';
import { keys, LICENSE_SK_PREFIX } from './table-layout';

/** `LicenseRepository` over the single table: a user's licenses share the user's partition. */
export class DynamoLicenseRepository implements LicenseRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findLicenses(userId: string): Promise<LicenseRecord[]> {
    try {
      const { Items } = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':prefix': LICENSE_SK_PREFIX },
          ConsistentRead: true,
        }),
      );
      return (Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ...license }) => license as LicenseRecord);
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }
}
