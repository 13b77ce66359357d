import type { AdminDirectory, AdminEntry } from '../ports/admin-directory';
import { UserNotFoundError } from '../shared/errors';

/** The admin with this user id, with the Cognito user they sign in as. @throws {UserNotFoundError} No admin has this id. */
export async function existingAdmin(directory: Pick<AdminDirectory, 'findAdmin'>, userId: string): Promise<AdminEntry & { cognitoUsername: string }> {
  const admin = await directory.findAdmin(userId);
  if (!admin?.cognitoUsername) throw new UserNotFoundError();
  return { ...admin, cognitoUsername: admin.cognitoUsername };
}
