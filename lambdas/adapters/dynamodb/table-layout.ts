/**
 * The single-table layout, shared by the CDK table definition and the DynamoDB adapters.
 *
 * | item            | pk                | sk           |
 * |-----------------|-------------------|--------------|
 * | User            | USER#<userId>     | PROFILE      |
 * | AdminInfo       | USER#<userId>     | ADMIN_INFO   |
 * | email claim     | EMAIL#<email>     | EMAIL        |
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', timeToLive: 'ttl' } as const;

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  adminInfo: (userId: string) => ({ pk: `USER#${userId}`, sk: 'ADMIN_INFO' }),
  email: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' }),
};
