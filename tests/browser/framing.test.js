// The pages under their Content-Security-Policy in chromium: another site cannot load the
// staff page or a customer display in a frame (and so cannot trick a click on "acknowledge"),
// and the pages themselves run without a single policy violation.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';

import { launch, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { zoneEntered, kPaths } from './lib/payloads.js';

// A page of another origin (another port) that frames `target`.
function framingSite(target) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!DOCTYPE html><title>evil</title><iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('The pages under their security policy', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  const violations = [];

  before(async () => {
    daemon = await new Daemon().start();
    browser = await launch();
    browser.context.on('page', (page) => page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    }));
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  for (const path of ['/staff', '/display/1']) {
    it(`refuses to show ${path} in a frame of another site`, async () => {
      const site = await framingSite(daemon.url(path));
      try {
        const page = await browser.context.newPage();
        const blocked = page.waitForEvent('console', {
          predicate: (message) => message.text().includes('frame-ancestors'), timeout: 10000,
        }).then(() => true, () => false);
        await page.goto(`http://127.0.0.1:${site.address().port}/`);
        const frame = await (await page.$('#victim')).contentFrame();
        // The frame either never commits the page or shows chromium's error page; in no case
        // does the staff page's script run there and build its panels.
        await sleep(1500);
        let rendered = '';
        try {
          rendered = await frame.evaluate(() => document.body?.innerText || '');
        } catch {
          rendered = '';
        }
        assert.equal(await blocked, true, 'chromium did not report a frame-ancestors block');
        assert.doesNotMatch(rendered, /lanecast|Alerts|Checkout|Welcome/);
        assert.notEqual(frame.url(), daemon.url(path));
        await page.close();
      } finally {
        site.close();
      }
    });
  }

  it('runs the staff page and a display with no policy violation', async () => {
    violations.length = 0;
    await daemon.post(kPaths.entered, zoneEntered(3, 'sess-csp', { attention: true }));
    const staff = await browser.context.newPage();
    await staff.goto(daemon.url('/staff'));
    await waitForText(staff, '#link', 'live');
    await waitForText(staff, '.alert[data-kind="age_check"] .alert-kind', 'Age check');
    await staff.locator('.alert[data-kind="age_check"] button.alert-ack').click();
    await waitForText(staff, '.alert[data-kind="age_check"] .alert-done', /^acknowledged /);
    const display = await browser.context.newPage();
    await display.goto(daemon.url('/display/3'));
    await display.waitForFunction(() => document.body.dataset.screen !== undefined);
    await sleep(500);
    assert.deepEqual(violations, []);
    assert.deepEqual(browser.pageErrors, []);
  });
});
