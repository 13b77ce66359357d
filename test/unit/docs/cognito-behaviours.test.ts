import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..', '..');
const TABLE = readFileSync(path.join(ROOT, 'docs', 'cognito-behaviours.md'), 'utf8');

/** The table's rows: behaviour, documentation, emulation, tests (the cells of each `| ... |` line below the header). */
const rows = TABLE.split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| Behaviour') && !line.startsWith('| ---'))
  .map((line) => line.slice(2, -2).split(' | '));

describe('docs/cognito-behaviours.md', () => {
  it('has rows of four cells, each citing an AWS documentation page', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row, row[0]).toHaveLength(4);
      expect(row[1], row[0]).toMatch(/\(https:\/\/docs\.aws\.amazon\.com\/cognito(-user-identity-pools)?\/latest\//);
    }
  });

  it('names only tests that exist', () => {
    for (const [behaviour, , , tests] of rows) {
      const files = [...tests.matchAll(/`([^`]+\.test\.ts)`/g)].map((match) => match[1]);
      expect(files.length, behaviour).toBeGreaterThan(0);
      for (const file of files) expect(existsSync(path.join(ROOT, file)), `${behaviour}: ${file}`).toBe(true);
    }
  });
});
