/**
 * Rewrites the fault matrix in README.md (between the fault-matrix markers) from
 * test/unit/fault-matrix/matrix.ts, the data the fault-injection tests prove.
 * Usage: npm run docs:fault-matrix
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderMatrix } from '../test/unit/fault-matrix/matrix';

const START = '<!-- fault-matrix:start -->';
const END = '<!-- fault-matrix:end -->';
const readmePath = path.join(__dirname, '..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const [before, rest] = readme.split(START);
if (rest === undefined || !rest.includes(END)) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
const after = rest.split(END)[1];
writeFileSync(readmePath, `${before}${START}\n${renderMatrix()}\n${END}${after}`);
console.log('README.md fault matrix updated');
