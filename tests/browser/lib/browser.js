// Debian's chromium, headless, through playwright-core; a fresh profile per launch.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const kHere = path.dirname(fileURLToPath(import.meta.url));
export const kArtifacts = process.env.LANECAST_ARTIFACTS || path.resolve(kHere, '..', 'artifacts');
const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';

const kArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Returns { context, page(), close() }. Every page a test opens is 1920x1080, like the kiosk.
// Errors thrown by a page's scripts are collected in `pageErrors`: a test fails on any.
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lanecast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: kChromium,
    headless: true,
    args: kArgs,
    viewport: { width: 1920, height: 1080 },
    locale: 'en-US',
  });
  const pageErrors = [];
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  return {
    context,
    pageErrors,
    async page() {
      const [blank] = context.pages();
      return blank && blank.url() === 'about:blank' ? blank : context.newPage();
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  fs.mkdirSync(kArtifacts, { recursive: true });
  const file = path.join(kArtifacts, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });  // the settled picture
  return file;
}

// The text a person sees in an element: whitespace (also no-break spaces) collapsed.
export async function textOf(page, selector) {
  const text = await page.locator(selector).first().innerText();
  return normalise(text);
}

export function normalise(text) {
  return String(text).replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

// Waits until the element's visible text matches (string: equal; RegExp: test), else fails
// with what it showed last.
export async function waitForText(page, selector, expected, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const locator = page.locator(selector).first();
      last = (await locator.isVisible()) ? normalise(await locator.innerText()) : '<hidden>';
    } catch (error) {
      last = `<${error.message.split('\n')[0]}>`;
    }
    const ok = expected instanceof RegExp ? expected.test(last) : last === expected;
    if (ok) return last;
    if (Date.now() > deadline) {
      throw new Error(`${selector}: expected ${expected}, page shows ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Opens a page of the daemon that shows its stream's link state (#link) and waits until it
// says live: from then on, the page follows every change.
export async function openLive(browser, url) {
  const page = await browser.page();
  await page.goto(url);
  await waitForText(page, '#link', 'live');
  return page;
}

export async function waitForScreen(page, screen, timeoutMs = 8000) {
  await page.waitForFunction((want) => document.body.dataset.screen === want, screen,
    { timeout: timeoutMs }).catch(async (error) => {
    const shown = await page.evaluate(() => document.body.dataset.screen);
    throw new Error(`expected the ${screen} screen, page shows ${shown}: ${error.message}`);
  });
}
