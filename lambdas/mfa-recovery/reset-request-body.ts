import { emailField, passwordField, requestObject } from '../shared/schemas';
import { licenseInput } from './license';

/** Body of POST /mfa-recovery/request. */
export const requestMfaResetBody = requestObject({ username: emailField, password: passwordField, license: licenseInput });
