import { getMeRecoveryCodesFlows } from '../recovery-codes/get-me-recovery-codes';
import { documentClient } from './dynamodb';
import { recoveryCodeStoreFromEnv } from './recovery-codes';
import { signedInUserCheckFromEnv } from './signed-in-users';

/** What GET /me/recovery-codes's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function getMeRecoveryCodesFromEnv() {
  const documents = documentClient();
  return { flows: getMeRecoveryCodesFlows({ codes: recoveryCodeStoreFromEnv(documents) }), userCheck: signedInUserCheckFromEnv(documents) };
}
