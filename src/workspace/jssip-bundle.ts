import { Injectable } from '@nestjs/common';

/**
 * JsSIP for the page. Its npm package ships CommonJS only (no browser build), so esbuild bundles
 * it in-process once, on first request, and the bundle is served from memory like the other
 * static assets: no build step, no CDN. ~250 KB minified, built in well under a second.
 */
@Injectable()
export class JsSipBundle {
  private cached: string | null = null;

  source(): string {
    this.cached ??= build();
    return this.cached;
  }
}

function build(): string {
  // Required lazily: esbuild's native binary is only needed when a page first asks for the phone.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({ entryPoints: [require.resolve('jssip/lib/JsSIP.js')], bundle: true, format: 'iife', globalName: 'JsSIP', platform: 'browser', write: false, minify: true, legalComments: 'inline' });
  return result.outputFiles[0].text;
}
