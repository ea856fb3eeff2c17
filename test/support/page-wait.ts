import type { Page } from 'playwright-core';

/**
 * Waits until a JavaScript expression is truthy in the page. Playwright's waitForFunction polls
 * through `eval` inside the page, which the service's Content-Security-Policy forbids (and should);
 * page.evaluate goes through the DevTools protocol, which the page's CSP does not govern, so the
 * pages are tested under the very policy they are served with.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() >= deadline) throw new Error(`waitInPage: not true after ${timeoutMs} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
