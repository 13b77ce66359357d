import { emailField, passwordField, requestObject } from '../shared/schemas';

/** Body of POST /auth/new-password. */
export const postAuthNewPasswordBody = requestObject({
  username: emailField,
  temporaryPassword: passwordField,
  newPassword: passwordField,
});
