/**
 * Seeds practitioners (Cognito users + User/License records) into the configured pool and table.
 *
 *   TABLE_NAME=... COGNITO_USER_POOL_ID=... COGNITO_CLIENT_ID=... [AWS_ENDPOINT_URL=http://localhost:5000] \
 *     npx tsx scripts/seed-practitioners.ts [fixtures.json]
 *
 * Without a file it seeds SAMPLE_PRACTITIONERS. The file holds an array of PractitionerFixture.
 * Prints what it did (never the passwords).
 */
import { readFileSync } from 'node:fs';
import { cognitoIdentityFromEnv } from '../lambdas/composition/cognito';
import { userRepositoryFromEnv } from '../lambdas/composition/dynamodb';
import { logger } from '../lambdas/shared/logger';
import { randomIds, systemClock } from '../lambdas/shared/runtime';
import { permanentPasswordFromEnv } from './seed/permanent-password';
import { type PractitionerFixture, SAMPLE_PRACTITIONERS, seedPractitioners } from './seed/practitioners';

async function main(): Promise<void> {
  const file = process.argv[2];
  const fixtures: PractitionerFixture[] = file ? JSON.parse(readFileSync(file, 'utf8')) : [...SAMPLE_PRACTITIONERS];
  const seeded = await seedPractitioners(
    {
      identity: cognitoIdentityFromEnv(),
      setPermanentPassword: permanentPasswordFromEnv(),
      users: userRepositoryFromEnv(),
      clock: systemClock,
      newId: randomIds,
      logger,
    },
    fixtures,
  );
  console.log(JSON.stringify(seeded, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
