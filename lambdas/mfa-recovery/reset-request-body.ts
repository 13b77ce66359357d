import * as z from 'zod/mini';
import { emailField, passwordField } from '../shared/schemas';
import { licenseInput } from './license';

/** Body of POST /mfa-recovery/request. */
export const requestMfaResetBody = z.strictObject({ username: emailField, password: passwordField, license: licenseInput });
