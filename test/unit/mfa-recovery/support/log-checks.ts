import { afterAll, expect } from 'vitest';
import { capturedLines } from '../../../support/log-capture';

/**
 * Dates of birth must stay valid dates, so they cannot carry the secret marker the global log check
 * (test/support/log-capture.ts) looks for. Call at the top of a test file: after the file, none of
 * `dates`, as typed or without dashes, may appear in any captured log line.
 */
export function expectDatesOfBirthNeverLogged(dates: readonly string[]): void {
  const forms = [...new Set(dates.flatMap((date) => [date, date.replaceAll('-', '')]))];
  afterAll(() => {
    const leaks = capturedLines().filter((line) => forms.some((form) => line.includes(form)));
    expect(leaks, 'log lines containing a date of birth').toEqual([]);
  });
}
