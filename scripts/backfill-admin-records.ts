/**
 * Backfill for deployments that had admins before the admin-operations release (docs/admin-operations.md,
 * Existing deployments). Dry run by default: prints what it would change.
 *
 *   npx tsx scripts/backfill-admin-records.ts --table <TableName> [--endpoint http://127.0.0.1:5000] [--region eu-west-1] [--apply]
 *
 * `--table` defaults to TABLE_NAME, `--endpoint` to AWS_ENDPOINT_URL (unset: AWS itself), the region
 * and credentials to the SDK's usual sources.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillAdminRecords } from './backfill/admin-records';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { table: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, apply: { type: 'boolean', default: false } },
  });
  const table = values.table ?? process.env.TABLE_NAME;
  if (!table) throw new Error('Usage: npx tsx scripts/backfill-admin-records.ts --table <TableName> [--endpoint URL] [--region R] [--apply]');
  const client = new DynamoDBClient({ ...(values.endpoint && { endpoint: values.endpoint }), ...(values.region && { region: values.region }) });
  const report = await backfillAdminRecords(DynamoDBDocumentClient.from(client), table, { apply: values.apply ?? false });
  console.log(JSON.stringify(report, null, 2));
  if (!report.applied && (report.adminInfoFixes.length > 0 || report.createdByFixes.length > 0 || report.counter.changed))
    console.log('Dry run: nothing written. Run again with --apply to write.');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
