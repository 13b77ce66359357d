import * as z from 'zod/mini';
import { mfaResetConfirmationFromEnv } from '../composition/mfa-recovery';
import { httpRoute } from '../shared/http/handler';

const flows = mfaResetConfirmationFromEnv();

// Any string: a malformed token gets the same answer as a wrong one, after the same delay.
const tokenField = z
  .string({ error: 'must be a string' })
  .check(z.minLength(1, { error: 'is required' }), z.maxLength(512, { error: 'must be at most 512 characters' }));

/** POST /mfa-recovery/confirm: redeems a recovery link; the account is recreated and a temporary password emailed. */
export const handler = httpRoute({
  name: 'confirmMfaReset',
  input: z.strictObject({ token: tokenField }),
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
