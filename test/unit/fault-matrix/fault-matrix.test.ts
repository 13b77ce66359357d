import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../support/logs';
import { errorFor, FLOWS, resetClients } from './flows';
import { callsAfterFirstFault, runWithFaults } from './harness';
import { MATRIX, renderMatrix } from './matrix';

beforeEach(resetClients);

describe('fault-injection matrix: every AWS call of every flow, failing', () => {
  it.each(MATRIX.map((row) => [`${row.flow}: ${row.step} ${row.fault}${row.also ? ` then ${row.also.map((a) => `${a.step} ${a.fault}`).join(', ')}` : ''}`, row]))(
    '%s',
    async (_name, row) => {
      const flow = FLOWS[row.flow];
      const injections = [{ step: row.step, fault: row.fault }, ...(row.also ?? [])];
      const { result, records } = await captureLogs(() => runWithFaults(flow, injections, errorFor));
      const { response, calls } = result;

      expect(calls.some((call) => call === `${row.step}!`), `the fault at ${row.step} was injected`).toBe(true);
      expect(response.statusCode).toBe(row.status);
      const body = JSON.parse(response.body);
      expect(body.error.code).toBe(row.code);
      expect(response.body).not.toMatch(/Exception|Internal error|Rate exceeded|timed out|\bat\s/);
      expect(callsAfterFirstFault(calls)).toEqual(row.after);
      const succeeded = calls.filter((call) => !call.endsWith('!'));
      expect(flow.stateAfter(succeeded)).toBe(row.left);
      if (row.left.includes('alert ')) {
        const alert = row.left.match(/alert (\w+)/)![1];
        expect(records.some((record) => record.alert === alert && record.repair)).toBe(true);
      }
    },
  );

  it('covers every step of every flow with every generic fault', () => {
    for (const flow of Object.values(FLOWS)) {
      const reachable = new Set(MATRIX.filter((row) => row.flow === flow.flow).map((row) => row.step));
      for (const step of reachable) {
        const faults = MATRIX.filter((row) => row.flow === flow.flow && row.step === step && !row.also).map((row) => row.fault);
        expect(faults, `${flow.flow} ${step}`).toEqual(expect.arrayContaining(['throttling', 'serviceError', 'timeout']));
      }
    }
  });

  it('README shows exactly this matrix (regenerate with `npm run docs:fault-matrix`)', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.split('<!-- fault-matrix:start -->')[1]?.split('<!-- fault-matrix:end -->')[0];
    expect(section?.trim()).toBe(renderMatrix());
  });
});
