import { getMeRecoveryCodesFromEnv } from '../composition/get-me-recovery-codes';
import { httpRoute } from '../shared/http/handler';
import { NO_FIELDS } from '../shared/schemas';

const { flows, userCheck } = getMeRecoveryCodesFromEnv();

/** GET /me/recovery-codes: how many of the signed-in user's recovery codes are left, and since when (never the codes). */
export const handler = httpRoute({
  name: 'get-me-recovery-codes',
  userCheck,
  input: NO_FIELDS,
  run: async (_input, request) => ({ status: 200, body: await flows.getMeRecoveryCodes(request.user.userId) }),
});
