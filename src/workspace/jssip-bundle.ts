import { Injectable } from '@nestjs/common';
import { build } from 'esbuild';

/**
 * JsSIP for the page. Its npm package ships CommonJS only (no browser build), so esbuild bundles
 * it in-process once, on the first request, and the bundle is served from memory like the other
 * static assets: no build step, no CDN. ~250 KB minified. The asynchronous API keeps the work in
 * esbuild's own process (~0.3 s here); buildSync would stall this process's event loop, and with
 * it call routing, for ~0.5 s.
 */
@Injectable()
export class JsSipBundle {
  private bundle: Promise<string> | null = null;

  source(): Promise<string> {
    this.bundle ??= bundleJsSip().catch((error: unknown) => {
      this.bundle = null; // a failed build is tried again on the next request
      throw error;
    });
    return this.bundle;
  }
}

async function bundleJsSip(): Promise<string> {
  const result = await build({ entryPoints: [require.resolve('jssip/lib/JsSIP.js')], bundle: true, format: 'iife', globalName: 'JsSIP', platform: 'browser', write: false, minify: true, legalComments: 'inline' });
  return result.outputFiles[0].text;
}
