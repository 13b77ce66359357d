import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkthroughExports } from '../../local/local-api-info';
import { type LocalApiProcess, startLocalApiProcess } from '../../local/local-api-process';

const ROOT = path.join(__dirname, '..', '..');

/** The bash blocks of local/README.md's "Walkthrough" section, in order. */
function walkthroughScript(): string {
  const doc = readFileSync(path.join(ROOT, 'local', 'README.md'), 'utf8');
  const start = doc.indexOf('\n## Walkthrough\n');
  if (start < 0) throw new Error('local/README.md has no "## Walkthrough" section');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
}

/**
 * Runs the local API walkthrough's commands (local/README.md), as written, against a local API of its own (started as
 * `npm start` starts it: fresh state, so the walkthrough's fixed emails are new), with the variables
 * of the `export` line that `npm start` prints.
 */
describe('local API walkthrough (local/README.md)', () => {
  let localApi: LocalApiProcess;
  beforeAll(async () => {
    localApi = await startLocalApiProcess(path.join(ROOT, '.local', 'e2e', 'walkthrough-api.log'));
  }, 120_000);
  afterAll(() => localApi?.stop());

  it('works as written: every commented answer appears, in order', () => {
    const script = walkthroughScript();
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', `${script}\necho "TEMP=$TEMP"`], {
      cwd: ROOT,
      env: { ...process.env, ...walkthroughExports(localApi.info) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const output = run.stdout;

    // Answers the walkthrough states in comments (e.g. "# 409 USER_ALREADY_EXISTS"), plus the uncommented steps' bodies.
    const commented = [...script.matchAll(/#\s*\d{3}\s+([A-Z][A-Z_]+)/g)].map((match) => match[1]);
    expect(commented.length).toBeGreaterThanOrEqual(5);
    const expected = [
      '"status":"INVITED"',
      '"status":"INVITE_SENT"',
      ...commented.slice(0, 3),
      '"AccessToken"',
      '"IdToken"',
      '"RefreshToken"',
      ...commented.slice(3),
    ];
    let from = 0;
    for (const answer of expected) {
      const at = output.indexOf(answer, from);
      expect(at, `"${answer}" after position ${from} in:\n${output}`).toBeGreaterThanOrEqual(0);
      from = at + answer.length;
    }
    // Step 4 ends with Ada's new temporary password from the recovery invitation.
    expect(output).toMatch(/TEMP=\S{12,}\n$/);
  }, 90_000);
});
