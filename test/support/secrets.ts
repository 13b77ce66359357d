/**
 * Every password, temporary password, token, session, license number and date of birth used as a
 * test fixture contains this marker, so one global check (test/support/log-capture.ts) can prove
 * that none of them ever reaches a log line, in any test.
 */
export const SECRET_MARKER = 's3cr3t';

/** A fixture secret: `secret('Temp-Pa55!')` -> "Temp-Pa55!-s3cr3t". */
export const secret = (value: string) => `${value}-${SECRET_MARKER}`;
