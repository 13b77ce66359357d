/**
 * Writes docs/openapi.json from lib/openapi.ts (the route table, its valibot schemas and what each
 * route answers). A test fails when the checked-in file differs from what this writes.
 * Usage: npm run docs:openapi
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { OPENAPI_PATH, openApiJson } from '../lib/openapi';

writeFileSync(OPENAPI_PATH, openApiJson());
console.log(`${path.relative(process.cwd(), OPENAPI_PATH)} updated`);
