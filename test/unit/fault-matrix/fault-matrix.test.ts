import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../support/logs';
import { expectDatesOfBirthNeverLogged } from '../mfa-recovery/support/log-checks';
import { FIXTURE_DATES_OF_BIRTH } from '../mfa-recovery/support/world';
import { FLOWS, resetClients } from './flows';
import { callsAfterFirstFault, injectionKey, reachableSteps } from './harness';
import { injectionsOf, MATRIX, type MatrixRow, renderMatrix } from './matrix';
import { callsBelongToNoFunction } from '../../support/aws-mocks';

callsBelongToNoFunction(
  "the fault matrix's flows: iam-policy.test.ts holds every row's calls to its own function's role (iam-check.ts), compensations and retries included",
);

beforeEach(resetClients);
expectDatesOfBirthNeverLogged(FIXTURE_DATES_OF_BIRTH);

const rowName = (row: MatrixRow) =>
  `${row.flow}: ${row.step} ${row.fault}${row.landed ? ' (landed)' : ''}${row.also ? ` then ${row.also.map(injectionKey).join(', ')}` : ''}`;

describe('fault-injection matrix: every AWS call of every flow, failing', () => {
  /** Runs `row` and checks every column against what the flow did and left (measured). */
  async function proveRow(row: MatrixRow): Promise<void> {
    const flow = FLOWS[row.flow];
    const injections = injectionsOf(row);
    const { result, records } = await captureLogs(() => flow.run(injections));
    const { response, calls, left, retry } = result;

    expect(
      calls.some((call) => call === `${row.step}!`),
      `the fault at ${row.step} was injected`,
    ).toBe(true);
    expect(result.ineffective ?? [], 'every fault after taking effect found its call had changed the state').toEqual([]);
    expect(response.statusCode).toBe(row.status);
    const body = JSON.parse(response.body);
    expect(body.error?.code ?? body.status ?? '-').toBe(row.code);
    if (flow.uniformBody) expect(body).toEqual(flow.uniformBody);
    expect(response.body).not.toMatch(/Exception|Internal error|Rate exceeded|timed out|\bat\s|MessageRejected|paused/);
    expect(callsAfterFirstFault(calls)).toEqual(row.after);
    expect(left).toBe(row.left);
    const alerts = records.filter((record) => record.alert !== undefined);
    if (row.left.includes('alert ')) {
      const alert = row.left.match(/alert (\w+)/)![1];
      expect(alerts.some((record) => record.alert === alert && record.repair)).toBe(true);
    } else {
      expect(alerts, 'no alert unless the matrix names one').toEqual([]);
    }
    expect(retry?.responses, 'retry with the same request').toEqual(row.retry);
    const converged = row.retryLeft ?? flow.converged;
    if (converged) expect(retry?.left, 'a retry converges').toBe(converged);
  }

  const rows = (failing: boolean) => MATRIX.filter((row) => (row.failing !== undefined) === failing).map((row) => [rowName(row), row] as const);
  it.each(rows(false))('%s', (_name, row) => proveRow(row));
  // Bugs the measurement found: each row states what should happen and must still fail (see its `failing`).
  it.fails.each(rows(true))('%s (fails today: a known bug)', (_name, row) => proveRow(row));

  // The steps come from the calls each flow records, not from the matrix: a step no row names fails here.
  it.each(Object.keys(FLOWS))(
    '%s: every step it reaches has a row for every generic fault, before and after taking effect',
    async (name) => {
      const flow = FLOWS[name];
      const { result: required } = await captureLogs(() => reachableSteps(flow.run));
      const rows = new Set(MATRIX.filter((row) => row.flow === name).flatMap((row) => injectionsOf(row).map(injectionKey)));
      const missing = [...required.values()]
        .flat()
        .map(injectionKey)
        .filter((key) => !rows.has(key));
      expect(missing, `${name}: faults no row covers`).toEqual([]);
    },
    60_000,
  );

  it('docs/fault-matrix.md shows exactly this matrix (regenerate with `npm run docs:fault-matrix`)', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'fault-matrix.md'), 'utf8');
    const section = doc.split('<!-- fault-matrix:start -->')[1]?.split('<!-- fault-matrix:end -->')[0];
    expect(section?.trim()).toBe(renderMatrix());
  });
});
