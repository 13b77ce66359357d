import { gzipSync } from 'node:zlib';
import { buildWebApp } from '../web/build';

/** The budget for the web app's JavaScript, gzipped, in total. */
export const WEB_JS_GZIP_TARGET_BYTES = 150 * 1024;

export interface WebAppSize {
  readonly files: { readonly path: string; readonly bytes: number; readonly gzipBytes: number }[];
  /** Every .js file the app ships, gzipped (level 9, as CloudFront's compression is at least as good). */
  readonly jsGzipBytes: number;
  readonly totalGzipBytes: number;
}

/** The production build of web/ (the same files the stack deploys), with gzipped sizes. */
export function measureWebApp(): WebAppSize {
  const files = buildWebApp().map((file) => ({ path: file.path, bytes: file.contents.length, gzipBytes: gzipSync(file.contents, { level: 9 }).length }));
  const sum = (list: typeof files) => list.reduce((total, file) => total + file.gzipBytes, 0);
  return { files, jsGzipBytes: sum(files.filter((file) => file.path.endsWith('.js'))), totalGzipBytes: sum(files) };
}
