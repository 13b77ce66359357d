import { afterAll, beforeAll, expect } from 'vitest';
import { SECRET_MARKER } from './secrets';

/**
 * Captures every structured log line the Powertools logger writes during a test file (it prints
 * JSON lines to stdout/stderr), instead of printing them, and checks the log hygiene rules
 * after the file: no fixture secret and no JWT in any line; every request logs its correlation id
 * and outcome.
 */
const lines: string[] = [];

export function capturedLines(): readonly string[] {
  return lines;
}

/** The embedded-metric-format lines (Powertools Metrics) written so far, parsed. */
const metricLines: Record<string, any>[] = [];
export function capturedMetrics(): readonly Record<string, any>[] {
  return metricLines;
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.startsWith('{"level"')) {
        lines.push(...text.split('\n').filter(Boolean));
        return true;
      }
      if (text.startsWith('{"_aws"')) {
        lines.push(...text.split('\n').filter(Boolean));
        metricLines.push(
          ...text
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line)),
        );
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
});

afterAll(() => {
  const leaks = lines.filter((line) => line.toLowerCase().includes(SECRET_MARKER) || JWT.test(line));
  expect(leaks, 'log lines containing a secret').toEqual([]);
  const completed = lines.map((line) => JSON.parse(line)).filter((record) => record.message === 'request completed');
  for (const record of completed) {
    expect(record.correlation_id, 'correlation id on every request').toEqual(expect.any(String));
    expect(record.status, 'outcome on every request').toEqual(expect.any(Number));
  }
});
