import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { suppressSelfServiceScopes } from '../cognito-triggers/access-token-scopes';
import { cognitoTrigger } from '../shared/cognito-trigger';

/** Cognito pre-token-generation trigger (V2_0 event): access tokens without the self-service scope. */
export const handler = cognitoTrigger<PreTokenGenerationV2TriggerEvent>('preTokenGeneration', async (event) => suppressSelfServiceScopes(event));
