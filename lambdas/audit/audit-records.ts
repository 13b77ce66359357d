import type { ActingAdmin, AuditEvent, AuditOutcome, AuditRecord, AuditSource, AuditTrail } from '../ports/audit-trail';
import { ForbiddenError } from '../shared/errors';
import type { Caller } from '../shared/http/request';
import type { AppLogger } from '../shared/logger';
import type { Clock } from '../shared/runtime';

/** What a flow states about an event; the time and the request's source complete the record. */
export interface AuditFacts {
  readonly event: AuditEvent;
  /** Our user id of whoever acted (see AuditRecord.actor). */
  readonly actor: string;
  readonly actorSub?: string;
  readonly userId: string;
  readonly outcome?: AuditOutcome;
  readonly details?: Readonly<Record<string, string>>;
}

/** The ports a flow needs to leave audit records. */
export interface AuditDeps {
  readonly audit: Pick<AuditTrail, 'append'>;
  readonly clock: Clock;
  readonly logger: AppLogger;
}

/** A complete audit record for `facts`, at the clock's time (outcome SUCCESS unless stated). */
export function auditRecord(clock: Clock, source: AuditSource, facts: AuditFacts): AuditRecord {
  const { sourceIp, userAgent, correlationId } = source;
  return {
    event: facts.event,
    time: clock().toISOString(),
    actor: facts.actor,
    ...(facts.actorSub && { actorSub: facts.actorSub }),
    userId: facts.userId,
    sourceIp,
    ...(userAgent && { userAgent }),
    correlationId,
    outcome: facts.outcome ?? 'SUCCESS',
    ...(facts.details && { details: facts.details }),
  };
}

/**
 * Appends the record of a change that is already done outside DynamoDB (in Cognito), where no
 * transaction can hold both. The change stands either way: when the append fails the record goes
 * to the log as an alert (which pages an operator) so it can be appended by hand; it is never lost.
 */
export async function appendAuditRecord(deps: AuditDeps, source: AuditSource, facts: AuditFacts): Promise<void> {
  await writeAuditRecord(deps, auditRecord(deps.clock, source, facts), (record) => deps.audit.append(record));
}

/**
 * Writes `record` with `write` (e.g. a transaction that also records what the change did in the
 * database), after a change that already happened in Cognito. As `appendAuditRecord`: a failure
 * becomes an alert carrying the record, never a failed request.
 */
export async function writeAuditRecord(deps: Pick<AuditDeps, 'logger'>, record: AuditRecord, write: (record: AuditRecord) => Promise<unknown>): Promise<void> {
  try {
    await write(record);
  } catch (error) {
    deps.logger.error('audit record not written', {
      alert: 'AuditRecordNotWritten',
      auditRecord: record,
      repair: 'Append auditRecord to the audit table (PutItem with attribute_not_exists(pk)).',
      error: error as Error,
    });
  }
}

/** The facts naming `admin` as the actor: their user id, and their `sub` beside it. */
export function byAdmin(admin: ActingAdmin): Pick<AuditFacts, 'actor' | 'actorSub'> {
  return { actor: admin.userId, actorSub: admin.sub };
}

/**
 * The admin calling an admin route, by user id, with the request's source. The caller check has
 * already refused a token without our user id; this refuses it again rather than record an anonymous actor.
 */
export function actingAdminOf(request: { caller: Caller; sourceIp: string; userAgent?: string; requestId: string }): ActingAdmin {
  const { userId, sub } = request.caller;
  if (userId === undefined) throw new ForbiddenError();
  return { userId, sub, ...auditSourceOf(request) };
}

/** The audit source of an API request: its IP, user agent and correlation id. */
export function auditSourceOf(request: { sourceIp: string; userAgent?: string; requestId: string }): AuditSource {
  return { sourceIp: request.sourceIp, ...(request.userAgent && { userAgent: request.userAgent }), correlationId: request.requestId };
}
