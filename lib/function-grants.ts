import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ADMIN_INDEX } from '../lambdas/adapters/dynamodb/table-layout';
import type { MfaRecoveryStrategy } from '../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import type { ApiFunction } from './constructs/api-function';
import type { AuditTable } from './constructs/database';
import type { RateLimitKey } from './constructs/rate-limit-key';
import type { RecoveryCodeKey } from './constructs/recovery-code-key';
import { cognitoActions, type FunctionGrants } from './routes';

/** The stack's resources a function may be granted calls on, each its one resource. */
export interface GrantTargets {
  /** Absent for the Cognito triggers: the pool names them, so their roles may not name the pool. */
  readonly poolArn?: string;
  readonly table: dynamodb.ITableV2;
  readonly auditTable: AuditTable;
  readonly rateLimitKey: RateLimitKey;
  readonly recoveryCodeKey: RecoveryCodeKey;
  readonly senderEmail: string;
  readonly strategy: MfaRecoveryStrategy;
}

/**
 * Adds to `fn`'s role exactly what `grants` declares (lib/routes.ts, lib/cognito-triggers.ts), each
 * on its one resource: the only place a function's manifest entry becomes IAM.
 */
export function grantDeclared(fn: ApiFunction, grants: FunctionGrants, targets: GrantTargets): void {
  const { table, auditTable, rateLimitKey, recoveryCodeKey } = targets;
  const cognito = cognitoActions(grants, targets.strategy);
  if (cognito.length > 0) {
    if (!targets.poolArn) throw new Error(`${fn.handlerFile} may not be granted calls on the user pool here`);
    fn.allow([...cognito], [targets.poolArn]);
  }
  if (grants.table) fn.allowTable(table.tableArn, grants.table);
  if (grants.adminIndexQuery) fn.allow(['dynamodb:Query'], [`${table.tableArn}/index/${ADMIN_INDEX.name}`]);
  if (grants.audit === 'append') auditTable.grantAppend(fn);
  if (grants.audit === 'read') auditTable.grantRead(fn);
  if (grants.rateLimitKey) rateLimitKey.grantRead(fn);
  if (grants.recoveryCodeKey) recoveryCodeKey.grantRead(fn);
  if (grants.sendEmail) fn.allowSendingFrom(targets.senderEmail);
}
