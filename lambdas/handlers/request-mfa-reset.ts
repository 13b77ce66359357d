import { auditSourceOf } from '../audit/audit-records';
import { businessMetricsFromEnv } from '../composition/metrics';
import { mfaResetRequestsFromEnv } from '../composition/mfa-reset-requests';
import { RECOVERY_TOKEN_LIFETIME_MS } from '../mfa-recovery/recovery-token';
import { requestMfaResetBody } from '../mfa-recovery/reset-request-body';
import { httpRoute } from '../shared/http/handler';

const flows = mfaResetRequestsFromEnv();

/** The one answer to every well-formed request: it reveals neither the account nor the outcome. */
export const MFA_RESET_REQUESTED = {
  status: 'REQUESTED',
  message: `If the details match an account, a recovery link has been emailed to it. The link expires in ${RECOVERY_TOKEN_LIFETIME_MS / 60_000} minutes.`,
} as const;

/** POST /mfa-recovery/request: a practitioner who lost their MFA device asks for a recovery link. */
export const handler = httpRoute({
  name: 'requestMfaReset',
  metrics: businessMetricsFromEnv(),
  input: requestMfaResetBody,
  run: async (input, request) => {
    await flows.requestMfaReset(input, { ...request, ...auditSourceOf(request) });
    return { status: 202, body: MFA_RESET_REQUESTED };
  },
});
