import { auditSourceOf } from '../audit/audit-records';
import { postMeRecoveryCodesFromEnv } from '../composition/post-me-recovery-codes';
import { httpRoute } from '../shared/http/handler';
import { NO_FIELDS } from '../shared/schemas';

const { flows, userCheck } = postMeRecoveryCodesFromEnv();

/** POST /me/recovery-codes: 10 new recovery codes for the signed-in user, shown this once; any earlier set is void. */
export const handler = httpRoute({
  name: 'post-me-recovery-codes',
  userCheck,
  input: NO_FIELDS,
  run: async (_input, request) => ({ status: 201, body: await flows.postMeRecoveryCodes(request.user, auditSourceOf(request)) }),
});
