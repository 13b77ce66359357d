import * as z from 'zod/mini';
import { emailField, passwordField } from '../shared/schemas';

/** Body of POST /auth/new-password. */
export const newPasswordChallengeBody = z.strictObject({
  username: emailField,
  temporaryPassword: passwordField,
  newPassword: passwordField,
});
