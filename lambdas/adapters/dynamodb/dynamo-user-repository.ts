import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../ports/audit-trail';
import type { LicenseRecord } from '../../ports/license-repository';
import type { CognitoLink, CognitoUserSnapshot } from '../../ports/recovery-token-store';
import type { AdminInfoRecord, ProvisioningAttempt, ProvisioningFence, UserRecord, UserRepository } from '../../ports/user-repository';
import { InvalidUserStateError, UserAlreadyExistsError } from '../../shared/errors';
import { toDependencyError } from '../aws-errors';
import { type AuditTableConfig, auditPut } from './dynamo-audit-trail';
import { getItem, isConditionFailure } from './items';
import { adminIndexKeys, keys } from './table-layout';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const NOT_EXISTS = 'attribute_not_exists(pk)';
/** How long a provisioning guard is kept: far longer than any attempt or roll-back runs. */
const GUARD_RETENTION_SECONDS = 86_400;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

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

  async createAdmin(user: UserRecord, adminInfo: AdminInfoRecord, audit: AuditRecord, attempt: ProvisioningAttempt): Promise<void> {
    const guard: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.provisioningGuard(user.userId),
        UpdateExpression: 'SET entity = :entity, committedBy = :attempt, committedAt = :now, #ttl = :ttl',
        // ISO-8601 times in UTC compare as strings. A roll-back's fence refuses an attempt that began before it ends.
        ConditionExpression: 'attribute_not_exists(fencedUntil) OR fencedUntil <= :startedAt',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':entity': 'ProvisioningGuard',
          ':attempt': attempt.attemptId,
          ':now': user.createdAt,
          ':startedAt': attempt.startedAt,
          ':ttl': epochSeconds(user.createdAt) + GUARD_RETENTION_SECONDS,
        },
      },
    };
    const companions = [{ ...keys.adminInfo(user.userId), ...adminIndexKeys(adminInfo), entity: 'AdminInfo', ...adminInfo }];
    const also = [{ Update: countAdmin(this.tableName, 1) }, { Put: this.auditPut(audit) }, guard];
    try {
      await this.createUserWith(user, companions, also);
    } catch (error) {
      // The guard (the last of the User, its companions, the email claim and `also`) alone refused: a roll-back is deleting this Cognito user.
      const reasons = ((error as Error).cause as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons ?? [];
      const refused = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (reasons.length === companions.length + 2 + also.length && refused.length === 1 && refused[0] === reasons.length - 1) {
        throw new InvalidUserStateError('This email is being provisioned right now. Try again in a minute.', error);
      }
      throw error;
    }
  }

  async fenceProvisioning(userId: string, fencedUntil: string): Promise<ProvisioningFence> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.provisioningGuard(userId),
          UpdateExpression: 'SET entity = :entity, fencedUntil = :until, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':entity': 'ProvisioningGuard', ':until': fencedUntil, ':ttl': epochSeconds(fencedUntil) + GUARD_RETENTION_SECONDS },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return typeof Attributes?.committedBy === 'string' ? { committedBy: Attributes.committedBy } : {};
    } catch (error) {
      throw toDependencyError('dynamodb', error);
    }
  }

  async createPractitioner(user: UserRecord, licenses: readonly LicenseRecord[]): Promise<void> {
    await this.createUserWith(
      user,
      licenses.map((license) => ({ ...keys.license(user.userId, license), entity: 'License', ...license })),
    );
  }

  async saveRecreateSnapshot(userId: string, cognitoUsername: string, snapshot: CognitoUserSnapshot): Promise<void> {
    await this.linkedUpdate(userId, cognitoUsername, 'SET recreateSnapshot = :snapshot', { ':snapshot': snapshot });
  }

  async relinkCognitoUser(userId: string, previousUsername: string, link: CognitoLink, now: Date): Promise<void> {
    // The snapshot (names, email) has done its job once the new user is linked.
    await this.linkedUpdate(userId, previousUsername, 'SET cognitoUsername = :username, cognitoSub = :sub, updatedAt = :now REMOVE recreateSnapshot', {
      ':username': link.cognitoUsername,
      ':sub': link.cognitoSub,
      ':now': now.toISOString(),
    });
  }

  /** An update of the User that applies only while it is linked to `cognitoUsername`. */
  private async linkedUpdate(userId: string, cognitoUsername: string, expression: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(userId),
          UpdateExpression: expression,
          ConditionExpression: 'cognitoUsername = :linked',
          ExpressionAttributeValues: { ...values, ':linked': cognitoUsername },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new InvalidUserStateError("This user's sign-in account changed while the reset was running. Try again.", error);
      throw toDependencyError('dynamodb', error);
    }
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
