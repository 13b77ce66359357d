import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** One file of the built app: its path below the site root (e.g. `app-3F2A.js`) and its bytes. */
export interface WebFile {
  readonly path: string;
  readonly contents: Uint8Array;
}

const WEB_DIR = __dirname;

/** Browsers the app supports: the last few years of evergreen desktop and phone browsers. */
const BROWSER_TARGETS = ['chrome109', 'edge109', 'firefox115', 'safari15.6'];

/**
 * Bundles one browser entry point (and the CSS it imports) with esbuild, minified, into content-hashed
 * file names, in memory. No source maps: they would double what is deployed for no user's benefit.
 */
export function bundleBrowserEntry(entry: string): WebFile[] {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGETS,
    minify: true,
    legalComments: 'none',
    entryNames: '[name]-[hash]',
    outdir: '/',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.map((file) => ({ path: path.relative('/', file.path), contents: file.contents }));
}

/** index.html with the hashed names of the app's script and style sheet filled in. */
function indexHtml(files: readonly WebFile[]): WebFile {
  const named = (extension: string) => {
    const file = files.find((candidate) => candidate.path.endsWith(extension));
    if (!file) throw new Error(`the web bundle has no ${extension} file`);
    return `/${file.path}`;
  };
  const html = readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8').replace('%APP_JS%', named('.js')).replace('%APP_CSS%', named('.css'));
  return { path: 'index.html', contents: Buffer.from(html) };
}

let built: readonly WebFile[] | undefined;

/**
 * The production build of the web app (web/src), built once per process: index.html, the hashed
 * script and style sheet, the icon. `config.json` is not part of it: whoever serves the app adds it.
 */
export function buildWebApp(): readonly WebFile[] {
  if (!built) {
    const bundle = bundleBrowserEntry(path.join(WEB_DIR, 'src', 'main.ts'));
    const icon = { path: 'favicon.svg', contents: readFileSync(path.join(WEB_DIR, 'favicon.svg')) };
    built = [indexHtml(bundle), ...bundle, icon];
  }
  return built;
}

/** Writes the built app to a new temporary directory (for CDK's asset staging, which copies it) and returns it. */
export function writeWebApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'web-app-'));
  for (const file of buildWebApp()) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.contents);
  }
  return dir;
}
