import type { ArchiveObject, AuditArchive, AuditTableChange } from '../ports/audit-archive';
import type { AppLogger } from '../shared/logger';

/** What a stream batch leaves to be retried: the sequence numbers of the changes not yet archived. */
export type UnarchivedChanges = string[];

export interface ArchiveDeps {
  readonly archive: AuditArchive;
  readonly logger: AppLogger;
  /** How long an audit record is kept (the table's TTL): each archived object is locked as long. */
  readonly retentionDays: number;
}

/** The alert an operator is paged for when an audit record was changed or deleted (not by TTL). */
export const AUDIT_RECORD_CHANGED_ALERT = 'AuditRecordChanged';

const DAY_MS = 86_400_000;

/** Where an audit record's archived copy lives: its table key, so an auditor finds a user's records under one prefix. */
export function archivedRecordKey(keys: Readonly<Record<string, unknown>>): string {
  return `records/${String(keys.pk)}/${String(keys.sk)}.json`;
}

/** Where the evidence of a change to an audit record lives: one object per stream record. */
export function changeEvidenceKey(changeId: string): string {
  return `changes/${changeId}.json`;
}

/**
 * Archives the audit table's stream: every added record is copied to the write-once archive; any
 * other change (a replaced record, or a deletion not made by TTL) is an alert, and its before and
 * after images are archived as evidence (the copy made when the record was added stays as it was).
 * A deletion by TTL is the retention running out: nothing to do. Changes that could not be
 * archived are returned, so the stream delivers them again; archiving the same change twice
 * writes the same key, which the archive keeps as it was.
 */
export function archiveAuditTrail(deps: ArchiveDeps): (changes: readonly AuditTableChange[]) => Promise<UnarchivedChanges> {
  const retainUntil = (change: AuditTableChange) => new Date(change.time.getTime() + deps.retentionDays * DAY_MS);

  async function archiveChange(change: AuditTableChange): Promise<void> {
    if (change.kind === 'INSERT') {
      await deps.archive.store({ key: archivedRecordKey(change.keys), content: recordCopy(change), retainUntil: retainUntil(change) });
      return;
    }
    if (change.kind === 'REMOVE' && change.byTimeToLive) {
      deps.logger.debug('audit record expired', { keys: change.keys });
      return;
    }
    const evidence: ArchiveObject = { key: changeEvidenceKey(change.changeId), content: changeEvidence(change), retainUntil: retainUntil(change) };
    // Alert first: the operator hears of the change even while the evidence cannot be written.
    deps.logger.error('audit record changed', {
      alert: AUDIT_RECORD_CHANGED_ALERT,
      change: change.kind,
      keys: change.keys,
      changeId: change.changeId,
      evidenceKey: evidence.key,
      repair:
        'The audit table is append-only: find who made the change (CloudTrail data events of the audit table), revoke their access, and restore the record from its archived copy (records/<pk>/<sk>.json in the audit archive bucket).',
    });
    await deps.archive.store(evidence);
  }

  return async (changes) => {
    const outcomes = await Promise.allSettled(changes.map(archiveChange));
    const unarchived: UnarchivedChanges = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      const change = changes[index];
      deps.logger.warn('audit change not archived; the stream delivers it again', {
        changeId: change.changeId,
        keys: change.keys,
        error: outcome.reason as Error,
      });
      unarchived.push(change.sequenceNumber);
    });
    return unarchived;
  };
}

/** An added record as archived: the item as written, and when DynamoDB wrote it. */
function recordCopy(change: AuditTableChange): Record<string, unknown> {
  return { record: change.newItem, addedAt: change.time.toISOString(), changeId: change.changeId };
}

/** A change to a record as archived: what it was, what it became (nothing, for a deletion), and when. */
function changeEvidence(change: AuditTableChange): Record<string, unknown> {
  return {
    change: change.kind,
    keys: change.keys,
    changedAt: change.time.toISOString(),
    changeId: change.changeId,
    ...(change.oldItem && { before: change.oldItem }),
    ...(change.newItem && { after: change.newItem }),
  };
}
