/**
 * What the web app's browser tests share: Chromium through playwright-core with the
 * sandbox flags of this machine (no network beyond 127.0.0.1), a fresh build of the app
 * into a temp dir, and axe-core's serious/critical violations of the page.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const root = fileURLToPath(new URL('../../', import.meta.url));
export const SHOTS = join(root, 'test-results', 'web');
const axeSource = join(root, 'node_modules', 'axe-core', 'axe.min.js');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** The phone every page is tried on first: 360 px wide, touch, a dense screen. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

/** Builds web/ into a fresh temp dir, so a test never races another build of web/dist. */
export async function buildWebApp(): Promise<string> {
  const dist = mkdtempSync(join(tmpdir(), 'warta-web-'));
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  return dist;
}

let axeScript: string | undefined;

export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a <script>: the app's CSP stays in force.
  axeScript ??= readFileSync(axeSource, 'utf8');
  await page.evaluate(axeScript);
  type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe.run());
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Collects script errors and CSP refusals, which would otherwise pass silently. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}
