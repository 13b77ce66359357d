/**
 * The single-table layout, shared by the CDK table definition and the DynamoDB adapters.
 *
 * | item              | pk                         | sk                                         |
 * |-------------------|----------------------------|--------------------------------------------|
 * | User              | USER#<userId>              | PROFILE                                    |
 * | AdminInfo         | USER#<userId>              | ADMIN_INFO                                 |
 * | License           | USER#<userId>              | LICENSE#<jurisdiction>#<type>#<number>     |
 * | recovery state    | USER#<userId>              | MFA_RECOVERY                               |
 * | email claim       | EMAIL#<email>              | EMAIL                                      |
 * | recovery token    | RECOVERY_TOKEN#<sha256>    | TOKEN                                      |
 * | attempt counter   | RATE#<sha256(scope:subj)>  | WINDOW#<window start, epoch seconds>       |
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', timeToLive: 'ttl' } as const;

/** Sort-key prefix of a user's License items (one per license held). */
export const LICENSE_SK_PREFIX = 'LICENSE#';

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  adminInfo: (userId: string) => ({ pk: `USER#${userId}`, sk: 'ADMIN_INFO' }),
  license: (userId: string, license: { jurisdiction: string; licenseType: string; licenseNumber: string }) => ({
    pk: `USER#${userId}`,
    sk: `${LICENSE_SK_PREFIX}${license.jurisdiction}#${license.licenseType}#${license.licenseNumber}`,
  }),
  /** Per-user MFA-recovery state: which token is current, and which recovery is in progress. */
  mfaRecovery: (userId: string) => ({ pk: `USER#${userId}`, sk: 'MFA_RECOVERY' }),
  email: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
  recoveryToken: (tokenHash: string) => ({ pk: `RECOVERY_TOKEN#${tokenHash}`, sk: 'TOKEN' }),
  attemptCounter: (subjectHash: string, windowStartSeconds: number) => ({ pk: `RATE#${subjectHash}`, sk: `WINDOW#${windowStartSeconds}` }),
};
