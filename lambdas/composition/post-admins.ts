import { postAdminsFlows } from '../admin/post-admins';
import { logger } from '../shared/logger';
import { randomIds, systemClock } from '../shared/runtime';
import { activeAdminCheckFromEnv } from './admins';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTableFromEnv, auditTrailFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';

/** What POST /admins's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postAdminsFromEnv() {
  const documents = documentClient();
  const metrics = businessMetricsFromEnv();
  const flows = postAdminsFlows({
    identity: cognitoIdentityFromEnv(),
    users: userRepositoryFromEnv(documents, auditTableFromEnv()),
    audit: auditTrailFromEnv(documents),
    clock: systemClock,
    newId: randomIds,
    logger,
    metrics,
  });
  return { flows, metrics, callerCheck: activeAdminCheckFromEnv(documents) };
}
