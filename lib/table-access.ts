import { PARTITIONS, type Partition } from '../lambdas/adapters/dynamodb/table-layout';

/*
 * The `dynamodb:LeadingKeys` rule: each function's main-table statement (its manifest entry's
 * `grants.table`, lib/routes.ts) allows only the partition-key kinds it touches.
 */

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
