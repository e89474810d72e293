// The staff kiosk of a German store, in chromium against the real daemon: German words, euros
// as de-DE writes them, and times in the store's time zone (store.time_zone), not the
// browser's.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, normalise, screenshot, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';
import { germanCart, kGermanStore } from './lib/store.js';

// A zone no test machine runs in: +05:45 all year.
const kZone = 'Asia/Kathmandu';

describe('The staff kiosk of a German store', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let page;

  before(async () => {
    daemon = await new Daemon({ ...kGermanStore, 'store.time_zone': kZone, 'display.thank_you_s': '60' }).start();
    browser = await launch();
    page = await browser.page();
    await page.goto(daemon.url('/staff'));
    await waitForText(page, '#link', 'live');
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('speaks German: headings, the lane, the alert and its button', async () => {
    await daemon.post(kPaths.entered, zoneEntered(4, 'sess-de-staff', { attention: true }));
    const lane = '.lane[data-zone="4"]';
    await waitForText(page, `${lane} .lane-people`, '1 Kunde braucht Personal');
    await waitForText(page, `${lane} .lane-phase`, 'Kunde an der Kasse');
    await waitForText(page, '.alert[data-kind="age_check"] .alert-kind', 'Alterskontrolle');
    await waitForText(page, '.alert[data-kind="age_check"] .alert-where', 'Kasse 4');
    await waitForText(page, '.alert[data-kind="age_check"] button', 'Erledigt');
    await waitForText(page, '#lanes-title', 'Kassenzonen');
    await waitForText(page, '#orders-title', 'Letzte Bestellungen');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de-DE');
  });

  it('writes the lane\'s total as de-DE writes euros', async () => {
    await daemon.post(kPaths.mutator, mutatorRequest(6101, 'sess-de-staff', germanCart()));
    await waitForText(page, '.lane[data-zone="4"] .lane-order', /^Bestellung 6101 · 3 Artikel, 7,47 €$/);
  });

  it('shows times in the store\'s time zone, as Intl writes them there', async () => {
    const { lane } = await daemon.getJson('/api/lanes/4');
    const times = await page.evaluate(({ us, zone }) => {
      const options = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
      const when = new Date(Math.floor(us / 1000));
      return {
        store: new Intl.DateTimeFormat('de-DE', { ...options, timeZone: zone }).format(when),
        browser: new Intl.DateTimeFormat('de-DE', options).format(when),
      };
    }, { us: lane.phase_since_us, zone: kZone });
    assert.notEqual(times.store, times.browser, 'the browser runs in another zone');
    const since = await waitForText(page, '.lane[data-zone="4"] .lane-since', /^seit \d\d:\d\d:\d\d \(/);
    assert.equal(normalise(since).split(' ')[1], times.store);
    await screenshot(page, 'staff-de-1');
  });

  it('never showed a script error', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
