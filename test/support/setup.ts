import 'aws-sdk-client-mock-vitest/extend';
import './log-capture';

// Handlers read their configuration at import time (cold start); tests import them with this one.
process.env.COGNITO_USER_POOL_ID ??= 'eu-west-1_TESTPOOL';
process.env.COGNITO_CLIENT_ID ??= 'test-client-id';
process.env.TABLE_NAME ??= 'test-table';
process.env.AUDIT_TABLE_NAME ??= 'test-audit-table';
process.env.AUDIT_ARCHIVE_BUCKET_NAME ??= 'test-audit-archive';
process.env.RATE_LIMIT_KEY_SECRET_ARN ??= 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:test-rate-limit-key-AbCdEf';
process.env.RECOVERY_CODE_KEY_SECRET_ARN ??= 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:test-recovery-code-key-GhIjKl';
process.env.FRONTEND_ORIGIN ??= 'https://app.example.test';
process.env.RECOVERY_URL_BASE ??= 'https://app.example.test/mfa-recovery';
process.env.SENDER_EMAIL ??= 'no-reply@example.test';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'AccountLifecycle';
// Handler-level tests run without the MFA-recovery timing floor; flow tests inject clock and sleep to test it.
process.env.MIN_RESPONSE_MS ??= '0';
process.env.FIRST_SIGN_IN_MIN_RESPONSE_MS ??= '0';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
// DEBUG, so the log-hygiene check in log-capture.ts sees every line any code could write.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
