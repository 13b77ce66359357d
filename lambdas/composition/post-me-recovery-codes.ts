import { postMeRecoveryCodesFlows } from '../recovery-codes/post-me-recovery-codes';
import { logger } from '../shared/logger';
import { secureRandomBytes, systemClock } from '../shared/runtime';
import { auditTrailFromEnv, documentClient } from './dynamodb';
import { recoveryCodeHashFromEnv, recoveryCodeStoreFromEnv } from './recovery-codes';
import { signedInUserCheckFromEnv } from './signed-in-users';

/** What POST /me/recovery-codes's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postMeRecoveryCodesFromEnv() {
  const documents = documentClient();
  const flows = postMeRecoveryCodesFlows({
    codes: recoveryCodeStoreFromEnv(documents),
    codeHash: recoveryCodeHashFromEnv(),
    randomBytes: secureRandomBytes,
    audit: auditTrailFromEnv(documents),
    clock: systemClock,
    logger,
  });
  return { flows, userCheck: signedInUserCheckFromEnv(documents) };
}
