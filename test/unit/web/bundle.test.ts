import { describe, expect, it } from 'vitest';
import { WEB_JS_GZIP_TARGET_BYTES, measureWebApp } from '../../../bench/web-app';
import { buildWebApp } from '../../../web/build';

describe('the web app build', () => {
  const files = buildWebApp();
  const text = (path: string) => Buffer.from(files.find((file) => file.path === path)?.contents ?? []).toString();

  it('is index.html, one hashed script, one hashed style sheet and the icon: nothing inline, nothing from elsewhere', () => {
    // Hashes in the names replaced first: the sort order must not depend on them.
    expect(files.map((file) => file.path.replace(/^main-[A-Z0-9]{8}\./, 'main-<hash>.')).sort()).toEqual([
      'favicon.svg',
      'index.html',
      'main-<hash>.css',
      'main-<hash>.js',
    ]);
    const html = text('index.html');
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=|https?:\/\//);
    // Every reference is to the app's own origin (or a fragment of the page).
    expect(html.match(/(?:src|href)="[^"]+"/g)?.filter((attribute) => !/="[/#]/.test(attribute))).toEqual([]);
  });

  it('ships at most 150 KB of gzipped JavaScript (bench/web-app.ts reports the exact figure)', () => {
    expect(measureWebApp().jsGzipBytes).toBeLessThanOrEqual(WEB_JS_GZIP_TARGET_BYTES);
  });
});
