// A daemon restart seen from the screens: the customer display keeps its last picture with a
// small "offline" mark, the staff kiosk says it is reconnecting; both come back by themselves
// when the daemon is up again and follow new webhooks, in the same page, never reloaded.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, screenshot, waitForScreen, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { cartItem, kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';
import { germanCart, kGermanStore } from './lib/store.js';

const kScreenForPhase = { idle: 'idle', welcome: 'welcome', cart: 'cart', paid: 'paid' };

describe('The screens across a daemon restart', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let display;
  let staff;

  before(async () => {
    daemon = await new Daemon({ ...kGermanStore, 'display.thank_you_s': '60' }).start();
    browser = await launch();
    display = await browser.page();
    await display.goto(daemon.url('/display/3'));
    staff = await browser.context.newPage();
    await staff.goto(daemon.url('/staff'));
    await waitForText(staff, '#link', 'live');
    await daemon.post(kPaths.entered, zoneEntered(3, 'sess-restart-1'));
    await daemon.post(kPaths.mutator, mutatorRequest(8001, 'sess-restart-1', germanCart()));
    await waitForText(display, '#total', '7,47 €');
    // Marks that a reload would wipe.
    for (const page of [display, staff]) await page.evaluate(() => { window.lanecastTestMark = 'same page'; });
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('keeps the last picture with an offline mark while the daemon is down', async () => {
    await daemon.stop();
    await waitForText(display, '#offline', 'offline');
    await waitForText(display, '#total', '7,47 €');
    assert.equal(await display.evaluate(() => document.body.dataset.screen), 'cart');
    await waitForText(staff, '#link', 'offline - verbinde neu');  // the German store's kiosk
    await screenshot(display, 'restart-1-display-offline');
    await screenshot(staff, 'restart-1-staff-offline');
    // Long enough for several failed attempts: the backoff must keep trying, not give up.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(await display.evaluate(() => window.lanecastTestMark), 'same page');
  });

  it('reconnects by itself and shows what the restarted daemon\'s snapshot says', async () => {
    await daemon.start();
    await display.locator('#offline').waitFor({ state: 'hidden', timeout: 20000 });
    await waitForText(staff, '#link', 'live', 20000);
    const { lane } = await daemon.getJson('/api/lanes/3').catch(() => ({ lane: null }));
    await waitForScreen(display, lane ? kScreenForPhase[lane.phase] : 'idle');
    for (const page of [display, staff]) {
      assert.equal(await page.evaluate(() => window.lanecastTestMark), 'same page');
    }
  });

  it('follows new webhooks after the restart, still in the same page', async () => {
    const cart = [cartItem('4003', 'Laugenbrezel', '0.89', 3, { taxCode: 'B', category: 'Backwaren' })];
    await daemon.post(kPaths.entered, zoneEntered(3, 'sess-restart-2'));
    await daemon.post(kPaths.mutator, mutatorRequest(8002, 'sess-restart-2', cart));
    await waitForText(display, '#total', '2,67 €');
    await waitForText(staff, '.lane[data-zone="3"] .lane-order', /^Bestellung 8002 · 3 Artikel, 2,67 €$/);
    assert.equal(await display.evaluate(() => window.lanecastTestMark), 'same page');
    assert.equal(await display.locator('#offline').isVisible(), false);
    await screenshot(display, 'restart-2-display-back');
  });

  it('never showed a browser error page or a script error', async () => {
    assert.deepEqual(browser.pageErrors, []);
    for (const page of [display, staff]) assert.match(page.url(), /\/(display\/3|staff)$/);
  });
});
