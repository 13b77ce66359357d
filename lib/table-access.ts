import { PARTITIONS, type Partition } from '../lambdas/adapters/dynamodb/table-layout';

/** A DynamoDB action a function may make on the main table (a transaction's items count as their own Put/Update). */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:Query';

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** The partition-key kinds the function reads or writes; IAM refuses every other (`dynamodb:LeadingKeys`). */
  readonly partitions: readonly Partition[];
}

/**
 * What each handler may do on the main table, and on which partitions. One table for the stack's
 * policies and for the unit test that checks every DynamoDB call of the fault matrix against it
 * (test/unit/fault-matrix/table-access.test.ts), so policy and code cannot drift apart unseen.
 * Every admin route reads its caller's AdminInfo (`USER#`). The audit table and the admin index
 * are granted separately (lib/constructs/database.ts, list-admins in the stack).
 */
export const TABLE_ACCESS = {
  'provision-new-admin': {
    // The email claim and the new user's items in one transaction, with the admin counter.
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['user', 'email', 'adminCounters'],
  },
  'resend-admin-invite': {
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    partitions: ['user', 'email', 'attemptCounter'],
  },
  // Reads its caller's AdminInfo and records their sign-in on it (activeAdminCheckRecordingSignIn).
  'list-admins': { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['user'] },
  'deactivate-admin': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user', 'adminCounters'] },
  'reactivate-admin': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user', 'adminCounters'] },
  'reset-user-mfa': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user'] },
  // The email claim and the attempt counters, never a user's items.
  'new-password-challenge': { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['email', 'attemptCounter'] },
  'get-user-audit': { actions: ['dynamodb:GetItem'], partitions: ['user'] },
  'request-mfa-reset': {
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['user', 'email', 'recoveryToken', 'attemptCounter'],
  },
  'confirm-mfa-reset': { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['user', 'recoveryToken', 'attemptCounter'] },
} as const satisfies Record<string, TableAccess>;

export type TableAccessHandler = keyof typeof TABLE_ACCESS;

/** Whether a partition kind is a prefix (`USER#` + an id) rather than one whole value (`ADMINS`). */
const isPrefix = (name: Partition) => PARTITIONS[name].endsWith('#');

/** The `dynamodb:LeadingKeys` patterns of some partition kinds: `USER#*` for a prefix, the value itself for a whole key. */
export function leadingKeyPatterns(partitions: readonly Partition[]): string[] {
  return partitions.map((name) => (isPrefix(name) ? `${PARTITIONS[name]}*` : PARTITIONS[name]));
}

/** The partition kind of a partition-key value, as those patterns match it; `undefined` for a value no key function makes. */
export function partitionOf(pk: string): Partition | undefined {
  return (Object.keys(PARTITIONS) as Partition[]).find((name) =>
    isPrefix(name) ? pk.startsWith(PARTITIONS[name]) && pk.length > PARTITIONS[name].length : pk === PARTITIONS[name],
  );
}

/**
 * The IAM condition: every partition key a request names must match one of the patterns. IAM
 * evaluates each item of a TransactWriteItems as its own PutItem/UpdateItem, so the condition
 * holds per item.
 */
export function leadingKeysCondition(partitions: readonly Partition[]): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(partitions) } };
}
