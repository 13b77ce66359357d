import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
import { UserAlreadyExistsError } from '../../shared/errors';
import type { AuditRecord } from '../../ports/audit-trail';
import type { LicenseRecord } from '../../ports/license-repository';
import type { AdminInfoRecord, UserRecord, UserRepository } from '../../ports/user-repository';
import { toDependencyError } from '../aws-errors';
import { type AuditTableConfig, auditPut } from './dynamo-audit-trail';
import { getItem, isConditionFailure } from './items';
import { adminIndexKeys, keys } from './table-layout';

const NOT_EXISTS = 'attribute_not_exists(pk)';

/** `UserRepository` over one DynamoDB table. The only code that speaks to DynamoDB for users. */
export class DynamoUserRepository implements UserRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Where audit records written with a state change go; only the functions that write them have it. */
    private readonly auditTable?: AuditTableConfig,
  ) {}

  async findUserIdByEmail(email: string): Promise<string | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.email(email));
    return typeof item?.userId === 'string' ? item.userId : undefined;
  }

  async findUser(userId: string): Promise<UserRecord | undefined> {
    const item = await getItem(this.documents, this.tableName, keys.user(userId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ...user } = item;
    return user as unknown as UserRecord;
  }

  async createAdmin(user: UserRecord, adminInfo: AdminInfoRecord, audit: AuditRecord): Promise<void> {
    await this.createUserWith(
      user,
      [{ ...keys.adminInfo(user.userId), ...adminIndexKeys(adminInfo), entity: 'AdminInfo', ...adminInfo }],
      [{ Update: countAdmin(this.tableName, 1) }, { Put: this.auditPut(audit) }],
    );
  }

  async createPractitioner(user: UserRecord, licenses: readonly LicenseRecord[]): Promise<void> {
    await this.createUserWith(
      user,
      licenses.map((license) => ({ ...keys.license(user.userId, license), entity: 'License', ...license })),
    );
  }

  /** Puts the User, its companion items and the email claim in one transaction, none of which may exist yet, with `also`. */
  private async createUserWith(user: UserRecord, companions: Record<string, unknown>[], also: TransactItem[] = []): Promise<void> {
    const items = [
      { ...keys.user(user.userId), entity: 'User', ...user },
      ...companions,
      { ...keys.email(user.email), entity: 'EmailClaim', userId: user.userId, createdAt: user.createdAt },
    ];
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [...items.map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: NOT_EXISTS } })), ...also],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new UserAlreadyExistsError(error);
      throw toDependencyError('dynamodb', error);
    }
  }

  private auditPut(record: AuditRecord) {
    if (!this.auditTable) throw new Error('DynamoUserRepository was built without the audit table this write needs');
    return auditPut(this.auditTable, record);
  }
}

/** The Update of the counter of admins not deactivated by `delta` (created at the first admin). */
export function countAdmin(tableName: string, delta: 1 | -1) {
  return {
    TableName: tableName,
    Key: keys.adminCounters(),
    UpdateExpression: 'SET entity = :entity ADD activeAdmins :delta',
    ExpressionAttributeValues: { ':entity': 'AdminCounters', ':delta': delta },
  };
}
