import { auditSourceOf } from '../audit/audit-records';
import { postMfaRecoveryRequestFromEnv } from '../composition/post-mfa-recovery-request';
import { RECOVERY_TOKEN_LIFETIME_MS } from '../mfa-recovery/recovery-token';
import { postMfaRecoveryRequestBody } from '../mfa-recovery/request-schemas';
import { httpRoute } from '../shared/http/handler';

const { flows, metrics } = postMfaRecoveryRequestFromEnv();

/** The one answer to every well-formed request: it reveals neither the account nor the outcome. */
export const MFA_RESET_REQUESTED = {
  status: 'REQUESTED',
  message: `If the details match an account, a recovery link has been emailed to it. The link expires in ${RECOVERY_TOKEN_LIFETIME_MS / 60_000} minutes.`,
} as const;

/** POST /mfa-recovery/request: a practitioner who lost their MFA device asks for a recovery link. */
export const handler = httpRoute({
  name: 'post-mfa-recovery-request',
  metrics,
  input: postMfaRecoveryRequestBody,
  run: async (input, request) => {
    await flows.postMfaRecoveryRequest(input, { ...request, ...auditSourceOf(request) });
    return { status: 202, body: MFA_RESET_REQUESTED };
  },
});
