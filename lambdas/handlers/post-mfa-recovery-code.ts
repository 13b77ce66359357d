import { auditSourceOf } from '../audit/audit-records';
import { postMfaRecoveryCodeFromEnv } from '../composition/post-mfa-recovery-code';
import { postMfaRecoveryCodeBody } from '../mfa-recovery/request-schemas';
import { httpRoute } from '../shared/http/handler';

const { flows, metrics } = postMfaRecoveryCodeFromEnv();

/** The answer to a code that reset the authenticator. */
export const MFA_RESET_BY_CODE = {
  status: 'MFA_RESET',
  message: 'Your authenticator was reset. Sign in with your email and password, then set up your authenticator app again; you will get new recovery codes.',
} as const;

/** POST /mfa-recovery/code: a user who lost their authenticator resets it with their password and a saved recovery code. */
export const handler = httpRoute({
  name: 'post-mfa-recovery-code',
  metrics,
  input: postMfaRecoveryCodeBody,
  run: async (input, request) => {
    await flows.postMfaRecoveryCode(input, { ...request, ...auditSourceOf(request) });
    return { status: 200, body: MFA_RESET_BY_CODE };
  },
});
