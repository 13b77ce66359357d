import { DynamoPasswordResets } from '../adapters/dynamodb/dynamo-password-resets';
import { DynamoSignIns } from '../adapters/dynamodb/dynamo-sign-ins';
import { passwordResetRecording } from '../cognito-triggers/password-reset-recording';
import { signInRecording } from '../cognito-triggers/sign-in-recording';
import { requireEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { systemClock } from '../shared/runtime';
import { auditTableFromEnv, documentClient } from './dynamodb';

/** The post-confirmation trigger's flow wired to AWS from the environment. Call once at module scope. */
export function passwordResetRecordingFromEnv() {
  const resets = new DynamoPasswordResets(documentClient(), requireEnv('TABLE_NAME').TABLE_NAME, auditTableFromEnv());
  return passwordResetRecording({ resets, clock: systemClock, logger });
}

/** The post-authentication trigger's flow wired to AWS from the environment. Call once at module scope. */
export function signInRecordingFromEnv() {
  const signIns = new DynamoSignIns(documentClient(), requireEnv('TABLE_NAME').TABLE_NAME);
  return signInRecording({ signIns, clock: systemClock, logger });
}
