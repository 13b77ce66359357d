import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Metafile } from 'esbuild';
import { PROJECT_ROOT } from './paths';

/** Value (not type-only) names one bundle imports from one AWS SDK package. */
export interface SdkImport {
  readonly module: string;
  readonly names: string[];
}

/**
 * Project source files (not node_modules) with code in the bundle. Files esbuild read but shook
 * out entirely (e.g. the SES mailer in a handler that never sends mail) do not count.
 */
export function projectSources(metafile: Metafile): string[] {
  const kept = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return [...new Set(kept)].filter((input) => !input.includes('node_modules/') && /\.tsx?$/.test(input)).map((input) => path.resolve(PROJECT_ROOT, input));
}

/**
 * The SDK clients and commands a bundle uses: every value import from `@aws-sdk/*` in the project
 * files that have code in it (type-only imports are erased by esbuild and skipped here). Namespace
 * imports are refused: they hide which commands are used.
 */
export function sdkValueImports(metafile: Metafile): SdkImport[] {
  const byModule = new Map<string, Set<string>>();
  for (const file of projectSources(metafile)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!module.startsWith('@aws-sdk/') || !clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (clause.name || (bindings && !ts.isNamedImports(bindings))) {
        throw new Error(`${path.relative(PROJECT_ROOT, file)}: import named SDK exports from ${module}, not a default or namespace`);
      }
      const names = (bindings?.elements ?? []).filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text);
      if (names.length === 0) continue;
      const known = byModule.get(module) ?? new Set<string>();
      for (const name of names) known.add(name);
      byModule.set(module, known);
    }
  }
  return [...byModule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([module, names]) => ({ module, names: [...names].sort() }));
}

/**
 * Source of the SDK-only baseline for `imports`: the same clients and commands, nothing else.
 * Service clients (`@aws-sdk/client-*`, `...Client`) are constructed at module scope as the
 * composition root does; everything else is exported so esbuild keeps it.
 */
export function baselineSource(imports: SdkImport[]): string {
  const lines: string[] = [];
  const constructed: string[] = [];
  const kept: string[] = [];
  for (const { module, names } of imports) {
    lines.push(`import { ${names.join(', ')} } from '${module}';`);
    for (const name of names) {
      (module.startsWith('@aws-sdk/client-') && name.endsWith('Client') ? constructed : kept).push(name);
    }
  }
  lines.push(`export const clients = [${constructed.map((name) => `new ${name}({})`).join(', ')}];`);
  lines.push(`export const kept = [${kept.join(', ')}];`);
  return `${lines.join('\n')}\n`;
}
