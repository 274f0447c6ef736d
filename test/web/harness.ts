// End-to-end harness for the web pages: a real `socle serve` child process on a temporary data
// directory, tokens made by the real `socle token create`, and Debian's headless Chromium driven by
// playwright-core. Everything started here is stopped by `stop()` so the test process can exit.
import '../key-file.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findTool } from '../support/tools.ts';

const BIN = new URL('../../bin/socle.js', import.meta.url).pathname;
/** SOCLE_CHROMIUM, or chromium on PATH (the suites call needTools('chromium') before this is used). */
export const CHROMIUM = findTool('chromium') ?? 'chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 780 };

export interface Stack {
  dataDir: string;
  url: string;
  browser: Browser;
  /** Everything the server wrote to stdout and stderr so far (its request log included). */
  serverOutput(): string;
  /** A new bearer token from `socle token create` (the last line of its stdout). */
  token(role: string, options?: { partner?: string; name?: string }): string;
  /** A fresh browser context (its own sessionStorage) and page at this viewport (French browser unless `locale` says). */
  newPage(viewport?: { width: number; height: number }, options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** Calls the API directly, as any client would (for set-up the pages are not under test for). */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

export function socle(args: string[], dataDir: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '' },
    timeout: 5 * 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '', SOCLE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    // A server that never says it listens must not hang the suite.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socle serve did not start: ${output}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socle serve exited (${code}) before listening: ${output}`));
    });
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => output });
      }
    });
  });
}

/** Starts the server (after `prepare` has written to the data directory, e.g. `socle demo`) and Chromium. */
export async function startStack(prepare?: (dataDir: string) => void): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'socle-web-'));
  prepare?.(dataDir);
  const server = await serve(dataDir);
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  return {
    dataDir,
    url: server.url,
    browser,
    serverOutput: server.output,
    token(role, options = {}) {
      const args = ['token', 'create', '--role', role];
      if (options.partner) args.push('--partner', options.partner);
      if (options.name) args.push('--name', options.name);
      const r = socle(args, dataDir);
      if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
      return r.stdout.trim().split('\n').at(-1)!;
    },
    async newPage(viewport = DESKTOP, options = {}) {
      const context = await browser.newContext({ viewport, locale: options.locale ?? 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
      // tsx compiles the tests with esbuild's keepNames, which wraps named functions in __name(); a
      // function handed to page.evaluate runs in the page, where that helper must exist too.
      await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return { context, page };
    },
    async api(token, method, path, body) {
      const response = await fetch(`${server.url}/api${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    async stop() {
      await browser.close().catch(() => {});
      server.child.kill('SIGTERM');
      const killer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in form, as a person would, and waits for the dashboard. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Jeton d’accès').fill(token);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
}

/** Goes to a page through the main navigation. */
export async function navigate(page: Page, linkName: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: linkName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await settled(page);
}

/** Waits until no region of the page is loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
}
