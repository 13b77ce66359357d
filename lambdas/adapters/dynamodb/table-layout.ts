/**
 * The single-table layout, shared by the CDK table definition and the DynamoDB adapters.
 *
 * | item              | pk                         | sk                                         |
 * |-------------------|----------------------------|--------------------------------------------|
 * | User              | USER#<userId>              | PROFILE                                    |
 * | AdminInfo         | USER#<userId>              | ADMIN_INFO                                 |
 * | License           | USER#<userId>              | LICENSE#<jurisdiction>#<type>#<number>     |
 * | recovery state    | USER#<userId>              | MFA_RECOVERY                               |
 * | provisioning guard| USER#<userId>              | PROVISIONING                               |
 * | recovery codes    | USER#<userId>              | RECOVERY_CODES                             |
 * | email claim       | EMAIL#<email>              | EMAIL                                      |
 * | recovery token    | RECOVERY_TOKEN#<sha256>    | TOKEN                                      |
 * | attempt counter   | RATE#<sha256(scope:subj)>  | WINDOW#<window start, epoch seconds>       |
 * | admin counters    | ADMINS                     | COUNTERS                                   |
 *
 * AdminInfo items also carry the keys of the `AdminsByCreation` index (gsi1pk `ADMINS`, gsi1sk
 * `<createdAt>#<userId>`), so listing the admins is one Query in a stable order, never a scan.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', timeToLive: 'ttl' } as const;

/** Sort-key prefix of a user's License items (one per license held). */
export const LICENSE_SK_PREFIX = 'LICENSE#';

/**
 * The partition-key kinds: a prefix (`USER#` + an id) or a whole value (`ADMINS`). The IAM policies
 * restrict each function to the kinds it touches (`dynamodb:LeadingKeys`: its manifest entry in lib/routes.ts, the rule in lib/table-access.ts).
 */
export const PARTITIONS = {
  user: 'USER#',
  email: 'EMAIL#',
  recoveryToken: 'RECOVERY_TOKEN#',
  attemptCounter: 'RATE#',
  adminCounters: 'ADMINS',
} as const;

export type Partition = keyof typeof PARTITIONS;

export const keys = {
  user: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}`, sk: 'PROFILE' }),
  adminInfo: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}`, sk: 'ADMIN_INFO' }),
  license: (userId: string, license: { jurisdiction: string; licenseType: string; licenseNumber: string }) => ({
    pk: `${PARTITIONS.user}${userId}`,
    sk: `${LICENSE_SK_PREFIX}${license.jurisdiction}#${license.licenseType}#${license.licenseNumber}`,
  }),
  /** Per-user MFA-recovery state: which token is current, and which recovery is in progress. */
  mfaRecovery: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}`, sk: 'MFA_RECOVERY' }),
  /** Which provisioning attempt committed this user id's records, and until when a roll-back fenced them. */
  provisioningGuard: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}`, sk: 'PROVISIONING' }),
  /** The user's saved recovery codes: their keyed hashes (a string set), when made, how many were made. */
  recoveryCodes: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}`, sk: 'RECOVERY_CODES' }),
  email: (email: string) => ({ pk: `${PARTITIONS.email}${email}`, sk: 'EMAIL' }),
  recoveryToken: (tokenHash: string) => ({ pk: `${PARTITIONS.recoveryToken}${tokenHash}`, sk: 'TOKEN' }),
  attemptCounter: (subjectHash: string, windowStartSeconds: number) => ({
    pk: `${PARTITIONS.attemptCounter}${subjectHash}`,
    sk: `WINDOW#${windowStartSeconds}`,
  }),
  /** How many admins are not deactivated: the guard that the last one cannot be. */
  adminCounters: () => ({ pk: PARTITIONS.adminCounters, sk: 'COUNTERS' }),
};

/** The admin index: every AdminInfo item under one partition, sorted by creation. */
export const ADMIN_INDEX = { name: 'AdminsByCreation', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', partition: 'ADMINS' } as const;

/** The admin index's keys of an AdminInfo item. */
export const adminIndexKeys = (adminInfo: { userId: string; createdAt: string }) => ({
  [ADMIN_INDEX.partitionKey]: ADMIN_INDEX.partition,
  [ADMIN_INDEX.sortKey]: `${adminInfo.createdAt}#${adminInfo.userId}`,
});

/**
 * The audit table (its own table, so functions can be allowed to add records and never to change
 * them). Same key and TTL attribute names as the main table.
 *
 * | item         | pk             | sk                                        |
 * |--------------|----------------|-------------------------------------------|
 * | AuditRecord  | USER#<userId>  | <time ISO-8601>#<correlation id>#<event>  |
 */
/** How long audit records are kept (TTL) unless configured otherwise (CDK context `auditRetentionDays`). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

const AUDIT_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[^#]{1,128}#[A-Z_]{1,64}$/;

export const auditKeys = {
  user: (userId: string) => ({ pk: `${PARTITIONS.user}${userId}` }),
  record: (record: { userId: string; time: string; correlationId: string; event: string }) => ({
    pk: `${PARTITIONS.user}${record.userId}`,
    sk: `${record.time}#${record.correlationId}#${record.event}`,
  }),
  isRecordSortKey: (sk: string) => AUDIT_SORT_KEY.test(sk),
};
