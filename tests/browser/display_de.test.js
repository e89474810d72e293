// The customer display of a German store, in chromium, fed by real webhooks to the real
// daemon: idle, welcome, the priced cart with Pfand and VAT, thank you, idle again; and a
// long cart that keeps its newest line in view.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, screenshot, waitForScreen, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { cartItem, checkout, kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';
import { germanCart, kGermanStore } from './lib/store.js';

// Each cart line as the shopper reads it, part by part.
function shownLines(page) {
  return page.$$eval('#lines .line', (rows) => rows.map((row) => {
    const part = (name) => (row.querySelector(`.line-${name}`)?.textContent ?? '').replace(/\u00a0/g, ' ');
    return {
      kind: row.dataset.kind, qty: part('qty'), title: part('title'), tag: part('tag'),
      unit: part('unit'), amount: part('amount'),
    };
  }));
}

describe('A German store\'s customer display', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let page;
  let pricedCart;

  before(async () => {
    daemon = await new Daemon(kGermanStore).start();
    browser = await launch();
    page = await browser.page();
    await page.goto(daemon.url('/display/1'));
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('shows the store, its idle message and its colours while nobody is at the lane', async () => {
    await waitForScreen(page, 'idle');
    await waitForText(page, '.idle-name', 'Bäckerei Körner');
    await waitForText(page, '#idle-message', 'Einfach nehmen und gehen');
    const look = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      lang: document.documentElement.lang,
      logo: document.querySelector('.idle-logo').naturalWidth,
    }));
    assert.deepEqual(look, { background: 'rgb(16, 42, 67)', text: 'rgb(240, 244, 248)', lang: 'de-DE', logo: look.logo });
    assert.ok(look.logo > 0, 'the logo loads');
    assert.equal(await page.locator('#offline').isVisible(), false);
    await screenshot(page, 'display-de-1-idle');
  });

  it('welcomes a shopper who walks into the checkout zone', async () => {
    await daemon.post(kPaths.entered, zoneEntered(1, 'sess-de-1'));
    await waitForScreen(page, 'welcome');
    await waitForText(page, '#welcome-title', 'Willkommen');
    await screenshot(page, 'display-de-2-welcome');
  });

  it('shows the priced cart: lines, the Pfand marked, the VAT summary and 7,47 €', async () => {
    pricedCart = (await daemon.post(kPaths.mutator, mutatorRequest(5001, 'sess-de-1', germanCart()))).cart;
    await waitForScreen(page, 'cart');
    await waitForText(page, '#total', '7,47 €');
    await waitForText(page, '#total-label', 'SUMME');  // as shown: the label is set in capitals
    await waitForText(page, '#items-title', 'IHRE ARTIKEL');
    await waitForText(page, '#item-count', '3 Artikel');
    assert.deepEqual(await shownLines(page), [
      { kind: 'item', qty: '2×', title: 'Cola 0,5 l', tag: '', unit: '2 × 1,49 €', amount: '2,98 €' },
      { kind: 'deposit', qty: '2×', title: 'Pfand 0,25 €', tag: 'Pfand', unit: '2 × 0,25 €', amount: '0,50 €' },
      { kind: 'item', qty: '1×', title: 'Roggenbrot', tag: '', unit: '', amount: '3,99 €' },
    ]);
    await waitForText(page, '#tax-label', 'inkl. MwSt.');
    const taxes = await page.$$eval('#taxes .tax', (rows) => rows.map((row) => row.innerText.replace(/[\s\u00a0]+/g, ' ').trim()));
    assert.deepEqual(taxes, ['MwSt. 19 % 0,56 €', 'MwSt. 7 % 0,26 €']);
    await screenshot(page, 'display-de-3-cart');
  });

  it('thanks the shopper with the payment outcome and the total once the checkout completes', async () => {
    await daemon.post(kPaths.checkout, checkout(5001, 'sess-de-1', pricedCart, { total: '7.47', tax: '0.82' }));
    await waitForScreen(page, 'paid');
    await waitForText(page, '#paid-title', 'Vielen Dank');
    await waitForText(page, '#paid-message', 'Bis bald!');
    await waitForText(page, '#paid-outcome', 'Bezahlt');
    await waitForText(page, '#paid-total', 'Summe 7,47 €');
    await screenshot(page, 'display-de-4-thank-you');
  });

  it('goes back to idle after the thank-you time', async () => {
    await waitForScreen(page, 'idle', 10000);
    await waitForText(page, '#idle-message', 'Einfach nehmen und gehen');
  });

  it('keeps the newest line of a long cart in view while older lines scroll away', async () => {
    const cart = [];
    for (let i = 1; i <= 30; i += 1) {
      cart.push(cartItem(`50${String(i).padStart(2, '0')}`, `Brötchen Nr. ${i}`, '0.35', 1, { taxCode: 'B', category: 'Backwaren' }));
    }
    await daemon.post(kPaths.entered, zoneEntered(1, 'sess-de-2'));
    await daemon.post(kPaths.mutator, mutatorRequest(5002, 'sess-de-2', cart));
    await waitForText(page, '#total', '10,50 €');
    // The shopper picks up one more drink: it is priced again, and only what is new flashes.
    cart.push(cartItem('5099', 'Apfelschorle 0,5 l', '1.29', 1, { taxCode: 'A', category: 'Getränke' }));
    await daemon.post(kPaths.mutator, mutatorRequest(5002, 'sess-de-2', cart));
    // 30 x 0,35 € + 1,29 € + 0,25 € Pfand
    await waitForText(page, '#total', '12,04 €');
    await waitForText(page, '#item-count', '31 Artikel');
    const view = await page.evaluate(() => {
      const box = document.getElementById('items-window').getBoundingClientRect();
      const rows = [...document.querySelectorAll('#lines .line')];
      const inView = (row) => {
        const r = row.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      };
      return {
        count: rows.length,
        lastText: rows.at(-1).querySelector('.line-title').textContent,
        lastInView: inView(rows.at(-1)),
        firstInView: inView(rows[0]),
        fadesAtTop: document.getElementById('items-window').classList.contains('items-window-scrolled'),
        flashing: rows.filter((row) => row.classList.contains('line-new')).map((row) => row.querySelector('.line-title').textContent),
      };
    });
    assert.deepEqual(view, {
      count: 32, lastText: 'Pfand 0,25 €', lastInView: true, firstInView: false, fadesAtTop: true,
      flashing: ['Apfelschorle 0,5 l', 'Pfand 0,25 €'],
    });
    await screenshot(page, 'display-de-5-long-cart');
  });

  it('never showed a script error', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
