/** A user's saved recovery codes as they stand: how many are left and when the set was made. */
export interface RecoveryCodeStatus {
  readonly remaining: number;
  readonly createdAt: string;
}

/**
 * Each user's one set of recovery codes, stored only as keyed hashes (HMAC-SHA-256 of the
 * normalized code under the RecoveryCodeKey secret). Implemented by the DynamoDB adapter.
 */
export interface RecoveryCodeStore {
  /** Replaces any earlier set (voids it) with these hashes. */
  replace(userId: string, codeHashes: readonly string[], createdAt: string): Promise<void>;
  /** null when the user never saved codes. */
  status(userId: string): Promise<RecoveryCodeStatus | null>;
  /** The status of each of up to 100 users, in one read; a user who never saved codes is absent. */
  statuses(userIds: readonly string[]): Promise<ReadonlyMap<string, RecoveryCodeStatus>>;
  /** Removes the hash atomically if present (condition `contains`); answers the codes left, or undefined when the hash was not there (wrong or already used). Of concurrent uses of one code exactly one gets a number. */
  consume(userId: string, codeHash: string): Promise<number | undefined>;
  /** Puts a consumed hash back (the reset that followed failed before taking effect). */
  release(userId: string, codeHash: string): Promise<void>;
}
