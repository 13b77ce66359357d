import { readFileSync } from 'node:fs';
import { afterAll, expect, inject } from 'vitest';
import { SAMPLE_PRACTITIONERS } from '../../../scripts/seed/practitioners';

/**
 * After each test file: the handlers' own log lines so far (Powertools JSON, what CloudWatch would
 * store) hold no token and none of the known passwords, license numbers or dates of birth.
 */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

afterAll(() => {
  const { admin } = inject('localApi');
  const secrets = [
    admin.password,
    ...SAMPLE_PRACTITIONERS.flatMap((practitioner) => [
      practitioner.password,
      ...practitioner.licenses.flatMap((license) => [license.licenseNumber, license.dateOfBirth]),
    ]),
  ];
  const records = readFileSync(inject('localApiLog'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"level"'));
  expect(records.length, 'handler log lines').toBeGreaterThan(0);
  expect(records.filter((line) => JWT.test(line) || secrets.some((value) => line.includes(value)))).toEqual([]);
});
