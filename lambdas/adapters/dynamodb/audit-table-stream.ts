import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AuditTableChange } from '../../ports/audit-archive';

/**
 * The audit table's stream records as changes. DynamoDB marks a deletion by TTL with the service
 * itself as the user identity (principal `dynamodb.amazonaws.com`, type `Service`); no other change
 * carries a user identity.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html
 */
export function auditTableChanges(event: DynamoDBStreamEvent): AuditTableChange[] {
  return event.Records.map(changeOf);
}

function changeOf(record: DynamoDBRecord): AuditTableChange {
  const stream = record.dynamodb;
  if (!record.eventID || !record.eventName || !stream?.SequenceNumber || !stream.Keys || stream.ApproximateCreationDateTime === undefined) {
    throw new Error(`Stream record ${record.eventID ?? '(no id)'} lacks its id, kind, sequence number, keys or time`);
  }
  return {
    changeId: record.eventID,
    sequenceNumber: stream.SequenceNumber,
    kind: record.eventName,
    // The stream states the time in epoch seconds.
    time: new Date(stream.ApproximateCreationDateTime * 1000),
    keys: item(stream.Keys),
    ...(stream.OldImage && { oldItem: item(stream.OldImage) }),
    ...(stream.NewImage && { newItem: item(stream.NewImage) }),
    byTimeToLive: record.userIdentity?.type === 'Service' && record.userIdentity.principalId === 'dynamodb.amazonaws.com',
  };
}

/** The stream's images are DynamoDB JSON, with the same shapes as the SDK's (aws-lambda types them apart). */
function item(image: NonNullable<DynamoDBRecord['dynamodb']>['Keys']): Record<string, unknown> {
  return unmarshall(image as Record<string, AttributeValue>);
}
