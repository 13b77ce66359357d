import { mfaResetConfirmationFromEnv } from '../composition/mfa-recovery';
import { confirmMfaResetBody } from '../mfa-recovery/reset-confirm-body';
import { httpRoute } from '../shared/http/handler';

const flows = mfaResetConfirmationFromEnv();

/** POST /mfa-recovery/confirm: redeems a recovery link; the account is recreated and a temporary password emailed. */
export const handler = httpRoute({
  name: 'confirmMfaReset',
  input: confirmMfaResetBody,
  run: async ({ token }, { sourceIp }) => {
    await flows.confirmMfaReset(token, { sourceIp });
    return {
      status: 200,
      body: {
        status: 'RECOVERED',
        message: 'Your sign-in has been reset. Sign in with the temporary password we emailed you, then set up your authenticator app again.',
      },
    };
  },
});
