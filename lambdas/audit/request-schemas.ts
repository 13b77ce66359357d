import { cursorField, pageLimitField, requestObject, userIdField } from '../shared/schemas';

/** Largest page of audit records one request returns. */
export const MAX_AUDIT_PAGE = 100;

/** Path and query parameters of GET /users/{userId}/audit. */
export const getUsersAuditParams = requestObject({
  userId: userIdField,
  cursor: cursorField,
  limit: pageLimitField(MAX_AUDIT_PAGE, 25),
});
