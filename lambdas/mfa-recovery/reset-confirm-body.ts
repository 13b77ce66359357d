import * as v from 'valibot';
import { requestObject, stringField } from '../shared/schemas';

/** Any string: a malformed token gets the same answer as a wrong one, after the same delay. */
const tokenField = v.pipe(stringField, v.minLength(1, 'is required'), v.maxLength(512, 'must be at most 512 characters'));

/**
 * Body of POST /mfa-recovery/confirm. Its own module (not beside the request body) because
 * module-scope schemas ship in every bundle that imports the module.
 */
export const confirmMfaResetBody = requestObject({ token: tokenField });
