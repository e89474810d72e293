// The staff kiosk in chromium against the real daemon: lanes with their shoppers, the alerts
// that need a person and their acknowledgement, recent orders with their history, the
// daemon's health; and a staff token carried from the URL fragment to every request.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { launch, openLive, screenshot, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { checkout, kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';
import { germanCart, kGermanStore } from './lib/store.js';

const kStaffToken = 'staff-token-abcdef0123456789';

// A certificate for the daemon's HTTPS listener, so the health panel has one to report.
function makeCertificate(days) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanecast-browser-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-days', String(days), '-subj', '/CN=127.0.0.1', '-keyout', path.join(dir, 'key.pem'),
    '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  return dir;
}

describe('The staff kiosk', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let page;
  let certificates;

  before(async () => {
    certificates = makeCertificate(60);
    // A long thank-you time: the lane must still show the checkout when the test looks.
    daemon = await new Daemon({
      // Staff who read English in a German store: the kiosk follows display.staff_locale.
      ...kGermanStore, 'display.staff_locale': 'en-GB', 'display.thank_you_s': '60', 'auth.staff_tokens': kStaffToken,
      'tls.listen': '127.0.0.1:0', 'tls.cert_file': path.join(certificates, 'cert.pem'),
      'tls.key_file': path.join(certificates, 'key.pem'),
      // A head-office broker where none listens: the health panel says why events wait.
      'forward.url': 'mqtt://127.0.0.1:9', 'forward.store_id': 'kiosk-test', 'forward.reconnect_max_s': '1',
    }).start();
    browser = await launch();
    page = await openLive(browser, daemon.url('/staff'));
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
    if (certificates) fs.rmSync(certificates, { recursive: true, force: true });
  });

  it('shows a shopper who needs an age check at their lane, with an alert to acknowledge', async () => {
    await daemon.post(kPaths.entered, zoneEntered(7, 'sess-staff-1', { attention: true }));
    const lane = '.lane[data-zone="7"]';
    await waitForText(page, `${lane} .lane-people`, /^1 shopper needs staff$/);
    await waitForText(page, `${lane} .lane-since`, /^since \d\d:\d\d:\d\d \((just now|\d+ s)\)$/);
    const alert = '.alert[data-kind="age_check"]';
    await waitForText(page, `${alert} .alert-kind`, 'Age check');
    await waitForText(page, `${alert} .alert-where`, 'Lane 7');
    await waitForText(page, '#alert-count', '1');
    assert.equal(await page.locator(`${alert} button.alert-ack`).isEnabled(), true);
    await screenshot(page, 'staff-1-age-check');
  });

  it('acknowledges the alert for everyone when the button is pressed', async () => {
    const alert = '.alert[data-kind="age_check"]';
    await page.locator(`${alert} button.alert-ack`).click();
    await waitForText(page, `${alert} .alert-done`, /^acknowledged \d\d:\d\d:\d\d$/);
    assert.equal(await page.locator(`${alert} button`).count(), 0);
    await page.waitForFunction(() => document.body.dataset.openAlerts === '0');
    const { alerts } = await daemon.getJson('/api/alerts');
    const ageChecks = alerts.filter((a) => a.kind === 'age_check');
    assert.equal(ageChecks.length, 1);
    assert.equal(ageChecks[0].acknowledged, true);
    // A second kiosk opened now sees it acknowledged too: the daemon holds the state.
    const other = await browser.context.newPage();
    await other.goto(daemon.url('/staff'));
    await waitForText(other, `${alert} .alert-done`, /^acknowledged /);
    await other.close();
  });

  it('raises a payment alert and lists the order with its revisions and pricing runs', async () => {
    const priced = await daemon.post(kPaths.mutator, mutatorRequest(6001, 'sess-staff-1', germanCart()));
    await daemon.post(kPaths.checkout, checkout(6001, 'sess-staff-1', priced.cart, { total: '7.47', tax: '0.82' },
      { status: 'draft', paymentStatus: '' }));
    await daemon.post(kPaths.checkout, checkout(6001, 'sess-staff-1', priced.cart, { total: '7.47', tax: '0.82' },
      { paymentStatus: 'failed' }));
    const alert = '.alert[data-kind="payment_not_successful"]';
    await waitForText(page, `${alert} .alert-kind`, 'Payment not successful');
    await waitForText(page, `${alert} .alert-where`, 'Lane 7 · Order 6001');
    await waitForText(page, '#alert-count', '1');
    await waitForText(page, '.lane[data-zone="7"] .lane-phase', 'Checked out');
    await waitForText(page, '.lane[data-zone="7"] .lane-order', /^Order 6001 · 3 items, €7\.47 · NOT PAID$/);
    const order = 'tr[data-order="6001"]';
    await waitForText(page, `${order} td:nth-child(2)`, 'completed', 15000);
    await waitForText(page, `${order} td:nth-child(3)`, '€7.47');
    const revisions = await page.locator(`${order} td:nth-child(7) li`).allTextContents();
    assert.deepEqual(revisions.map((r) => r.replace(/^#\d+ /, '')), ['draft €7.47', 'completed €7.47']);
    const mutations = await page.locator(`${order} td:nth-child(8) li`).allTextContents();
    assert.equal(mutations.length, 1, mutations.join('|'));
    assert.match(mutations[0], /^#\d+ rules \S+ \d+\.\d ms €7\.47$/);
    await screenshot(page, 'staff-2-payment-alert');
  });

  it('reports the daemon\'s health: the last webhook of each kind and its counts', async () => {
    await waitForText(page, '#health dd:nth-of-type(1)', 'ok', 10000);
    const row = (kind) => page.locator(`#webhooks tr[data-kind="${kind}"] td`).allTextContents();
    const deadline = Date.now() + 10000;
    let checkoutRow = await row('checkout');
    while (checkoutRow[2] !== '2' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      checkoutRow = await row('checkout');
    }
    assert.equal(checkoutRow[0], 'Checkout');
    assert.match(checkoutRow[1], /^\d\d:\d\d:\d\d \(/);
    assert.deepEqual(checkoutRow.slice(2), ['2', '0', '0', '0']);
    assert.deepEqual((await row('zone_entered')).slice(2), ['1', '0', '0', '0']);
    assert.equal((await row('zone_left'))[1], 'never');
    const facts = await page.locator('#health dt').allTextContents();
    const values = await page.locator('#health dd').allTextContents();
    const https = facts.indexOf('HTTPS certificate');
    assert.notEqual(https, -1, facts.join('|'));
    assert.match(values[https], /^until \d{4}-\d\d-\d\d \(59 days left\)$/);
    assert.equal(await page.locator('#health dd').nth(https).getAttribute('class'), 'ok');
    const feed = facts.indexOf('Head-office feed (MQTT)');
    assert.notEqual(feed, -1, facts.join('|'));
    assert.match(values[feed], /^not connected: .+; \d+ waiting, oldest \d+ s$/);
    assert.equal(await page.locator('#health dd').nth(feed).getAttribute('class'), 'bad');
  });

  it('sends the staff token from the URL fragment on every request it makes', async () => {
    const seen = [];
    const other = await browser.context.newPage();
    other.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
        seen.push({ path: url.pathname, query: url.search, auth: request.headers().authorization || '' });
      }
    });
    await other.goto(daemon.url(`/staff#token=${kStaffToken}`));
    await waitForText(other, '#link', 'live');
    await waitForText(other, 'tr[data-order="6001"] td:nth-child(2)', 'completed');
    const stream = seen.find((r) => r.path === '/api/staff/events');
    assert.equal(stream?.query, `?token=${kStaffToken}`);
    const fetches = seen.filter((r) => r.path !== '/api/staff/events');
    assert.ok(fetches.some((r) => r.path === '/api/orders') && fetches.some((r) => r.path === '/healthz'));
    for (const request of fetches) assert.equal(request.auth, `Bearer ${kStaffToken}`, request.path);
    await other.close();
  });

  it('never showed a script error', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
