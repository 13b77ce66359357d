/**
 * One change the audit table's stream reports: every record added, and anything else that happened
 * to one (which must not happen: the table is append-only).
 */
export interface AuditTableChange {
  /** The stream record's id: unique per change, the same on every delivery of it. */
  readonly changeId: string;
  /** Where the stream resumes when this change could not be handled. */
  readonly sequenceNumber: string;
  readonly kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** When DynamoDB made the change (the stream's approximate creation time). */
  readonly time: Date;
  /** The item's key (pk, sk). */
  readonly keys: Readonly<Record<string, unknown>>;
  readonly oldItem?: Readonly<Record<string, unknown>>;
  readonly newItem?: Readonly<Record<string, unknown>>;
  /** A deletion made by DynamoDB's TTL (the retention running out), not by a caller. */
  readonly byTimeToLive: boolean;
}

/** One object of the archive: written once, then kept unchanged until `retainUntil`. */
export interface ArchiveObject {
  /** Derived from what it holds, so a retried write names the same object. */
  readonly key: string;
  readonly content: Readonly<Record<string, unknown>>;
  /** Until then nobody (the account's root user included) may change or delete it. */
  readonly retainUntil: Date;
}

/** The write-once copy of the audit trail, out of the table's writers' reach. */
export interface AuditArchive {
  /**
   * Stores `object` unless its key already holds one (a retried write): never replaces an object.
   * @throws TooManyRequestsError / DependencyUnavailableError.
   */
  store(object: ArchiveObject): Promise<void>;
}
