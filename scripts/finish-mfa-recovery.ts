/**
 * Operator repair for a `MfaRecoveryIncomplete` alert: finishes the interrupted MFA recovery of one
 * user exactly as the user's own retry of the link would (idempotent; safe to run twice).
 *
 *   TABLE_NAME=... COGNITO_USER_POOL_ID=... COGNITO_CLIENT_ID=... npx tsx scripts/finish-mfa-recovery.ts <userId>
 *
 * with the rest of the confirm function's environment too (it reads the same configuration at
 * start, e.g. SENDER_EMAIL and POWERTOOLS_METRICS_NAMESPACE; metrics counted here are not published).
 */
import { postMfaRecoveryConfirmFromEnv } from '../lambdas/composition/post-mfa-recovery-confirm';

async function main(): Promise<void> {
  const userId = process.argv[2];
  if (!userId) throw new Error('Usage: npx tsx scripts/finish-mfa-recovery.ts <userId>');
  const recovered = await postMfaRecoveryConfirmFromEnv().flows.finishInterruptedRecovery(userId);
  console.log(JSON.stringify(recovered, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
