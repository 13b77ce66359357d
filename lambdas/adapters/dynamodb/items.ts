import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { toDependencyError } from '../aws-errors';

/** Reads one item strongly consistently (these reads decide security questions); SDK errors become dependency errors. */
export async function getItem(documents: DynamoDBDocumentClient, tableName: string, key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  try {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item;
  } catch (error) {
    throw toDependencyError('dynamodb', error);
  }
}

/**
 * True when a write was refused by its condition: a plain conditional write, or a transaction
 * cancelled because one of its conditions failed (not because of a conflict or throttling).
 */
export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return error.name === 'TransactionCanceledException' && (reasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}
