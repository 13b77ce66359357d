import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdminCaller, AdminCallers } from '../../ports/admin-directory';
import { getItem } from './items';
import { keys } from './table-layout';

/**
 * `AdminCallers` over the AdminInfo items of the main table. Apart from `DynamoAdminDirectory`
 * because every admin handler bundles the caller check, and this is all it needs (measured: the
 * directory adds 3.4 KB to each handler that otherwise never lists or changes admins).
 */
export class DynamoAdminCallers implements AdminCallers {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findCaller(userId: string): Promise<AdminCaller | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.adminInfo(userId));
    if (item === undefined) return undefined;
    return { active: item.accountStatus !== 'DEACTIVATED' };
  }
}
