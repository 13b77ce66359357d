/**
 * Rewrites the fault matrix in docs/fault-matrix.md (between the fault-matrix markers) from
 * test/unit/fault-matrix/matrix.ts, the data the fault-injection tests prove.
 * Usage: npm run docs:fault-matrix
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderMatrix } from '../test/unit/fault-matrix/matrix';

const START = '<!-- fault-matrix:start -->';
const END = '<!-- fault-matrix:end -->';
const docPath = path.join(__dirname, '..', 'docs', 'fault-matrix.md');
const doc = readFileSync(docPath, 'utf8');
const [before, rest] = doc.split(START);
if (rest === undefined || !rest.includes(END)) throw new Error(`docs/fault-matrix.md lacks the ${START} ... ${END} markers`);
const after = rest.split(END)[1];
writeFileSync(docPath, `${before}${START}\n${renderMatrix()}\n${END}${after}`);
console.log('docs/fault-matrix.md updated');
