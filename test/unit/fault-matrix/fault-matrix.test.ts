import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../support/logs';
import { expectDatesOfBirthNeverLogged } from '../mfa-recovery/support/log-checks';
import { FIXTURE_DATES_OF_BIRTH } from '../mfa-recovery/support/world';
import { FLOWS, resetClients } from './flows';
import { callsAfterFirstFault, injectionKey, reachableSteps } from './harness';
import { injectionsOf, MATRIX, type MatrixRow, renderMatrix } from './matrix';

beforeEach(resetClients);
expectDatesOfBirthNeverLogged(FIXTURE_DATES_OF_BIRTH);

const rowName = (row: MatrixRow) =>
  `${row.flow}: ${row.step} ${row.fault}${row.landed ? ' (landed)' : ''}${row.also ? ` then ${row.also.map((a) => `${a.step} ${a.fault}`).join(', ')}` : ''}`;

describe('fault-injection matrix: every AWS call of every flow, failing', () => {
  it.each(MATRIX.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    const flow = FLOWS[row.flow];
    const injections = injectionsOf(row);
    const { result, records } = await captureLogs(() => flow.run(injections));
    const { response, calls, left, retry } = result;

    expect(calls.some((call) => call === `${row.step}!`), `the fault at ${row.step} was injected`).toBe(true);
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
    if (flow.converged) expect(retry?.left, 'a retry converges').toBe(flow.converged);
  });

  // The steps come from the calls each flow records, not from the matrix: a step no row names fails here.
  it.each(Object.keys(FLOWS))('%s: every step it reaches has a row for every generic fault, before and after taking effect', async (name) => {
    const flow = FLOWS[name];
    const { result: required } = await captureLogs(() => reachableSteps(flow, flow.run));
    const rows = new Set(MATRIX.filter((row) => row.flow === name).flatMap((row) => injectionsOf(row).map(injectionKey)));
    const missing = [...required.values()].flat().map(injectionKey).filter((key) => !rows.has(key));
    expect(missing, `${name}: faults no row covers`).toEqual([]);
  }, 60_000);

  it('docs/fault-matrix.md shows exactly this matrix (regenerate with `npm run docs:fault-matrix`)', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'fault-matrix.md'), 'utf8');
    const section = doc.split('<!-- fault-matrix:start -->')[1]?.split('<!-- fault-matrix:end -->')[0];
    expect(section?.trim()).toBe(renderMatrix());
  });
});
