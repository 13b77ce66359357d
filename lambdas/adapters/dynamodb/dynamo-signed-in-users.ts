import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SignedInUser, SignedInUsers } from '../../ports/signed-in-users';
import { getItem } from './items';
import { keys } from './table-layout';

/** `SignedInUsers` over the User and AdminInfo items: two strongly consistent GetItems at once. */
export class DynamoSignedInUsers implements SignedInUsers {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findSignedInUser(userId: string): Promise<SignedInUser | undefined> {
    const [user, adminInfo] = await Promise.all([
      getItem(this.documents, this.tableName, keys.user(userId)),
      getItem(this.documents, this.tableName, keys.adminInfo(userId)),
    ]);
    if (!user) return undefined;
    return {
      userId,
      cognitoSub: user.cognitoSub as string,
      deactivated: adminInfo?.accountStatus === 'DEACTIVATED',
      ...(typeof user.lastSignInAt === 'string' && { lastSignInAt: user.lastSignInAt }),
    };
  }
}
