import * as v from 'valibot';
import { emailField, passwordField, requestObject, stringField } from '../shared/schemas';
import { licenseInput } from './license';

/** Body of POST /mfa-recovery/request. */
export const postMfaRecoveryRequestBody = requestObject({ username: emailField, password: passwordField, license: licenseInput });

/** Any string: a malformed token gets the same answer as a wrong one, after the same delay. */
const tokenField = v.pipe(stringField, v.minLength(1, 'is required'), v.maxLength(512, 'must be at most 512 characters'));

/** Body of POST /mfa-recovery/confirm. */
export const postMfaRecoveryConfirmBody = requestObject({ token: tokenField });

/** Any string up to a bound: a malformed code gets the same answer as a wrong one, after the same delay. */
const recoveryCodeField = v.pipe(stringField, v.minLength(1, 'is required'), v.maxLength(64, 'must be at most 64 characters'));

/** Body of POST /mfa-recovery/code. */
export const postMfaRecoveryCodeBody = requestObject({ username: emailField, password: passwordField, recoveryCode: recoveryCodeField });
