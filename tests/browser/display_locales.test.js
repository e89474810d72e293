// The customer display in the shopper's language, in chromium against the real daemon, for
// stores in several countries: the total is exactly what the browser's own Intl writes for
// that locale and currency, the words come from the locale's catalog (plural forms too), and
// no English word is left on a non-English screen.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { launch, normalise, screenshot, waitForScreen, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { cartItem, checkout, kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';

const kCatalogs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'display', 'www', 'i18n');

// language: the catalog the locale must read (null: none, English is the fallback).
const kStores = [
  { locale: 'de-DE', currency: 'EUR', decimals: 2, language: 'de' },
  { locale: 'pl-PL', currency: 'PLN', decimals: 2, language: 'pl' },
  { locale: 'fr-FR', currency: 'EUR', decimals: 2, language: 'fr' },
  { locale: 'es-ES', currency: 'EUR', decimals: 2, language: 'es' },
  { locale: 'it-IT', currency: 'EUR', decimals: 2, language: 'it' },
  { locale: 'nl-NL', currency: 'EUR', decimals: 2, language: 'nl' },
  { locale: 'en-US', currency: 'USD', decimals: 2, language: 'en' },
  { locale: 'en-GB', currency: 'GBP', decimals: 2, language: 'en' },
  { locale: 'ja-JP', currency: 'JPY', decimals: 0, language: null },
];

function catalog(language) {
  return JSON.parse(fs.readFileSync(path.join(kCatalogs, `${language}.json`), 'utf8')).display;
}

// Every word of a catalog's customer-display texts, lower case.
function wordsOf(texts) {
  const words = new Set();
  for (const value of Object.values(texts)) {
    for (const text of typeof value === 'string' ? [value] : Object.values(value)) {
      for (const word of text.replace(/\{\w+\}/g, ' ').toLowerCase().match(/\p{L}+/gu) || []) words.add(word);
    }
  }
  return words;
}

// The words a shopper sees on the page, lower case.
async function shownWords(page) {
  const text = await page.evaluate(() => document.body.innerText);
  return (text.toLowerCase().match(/\p{L}+/gu) || []);
}

// A cart of five things, two colas and three coffee machines, and its total: large enough
// for the locale's digit grouping to show.
function cart(store) {
  const [cola, machine] = store.decimals === 0 ? ['120', '41000'] : ['1.49', '410.00'];
  return [cartItem('1', 'Cola', cola, 2, { taxCode: 'A' }), cartItem('2', 'Espresso', machine, 3, { taxCode: 'A' })];
}
const total = (store) => (store.decimals === 0 ? '123240' : '1232.98');

// The cart as AiFi sends it to the cart mutator; with no pricing rules the daemon answers
// (and shows) it unchanged, totals included.
function pricingRequest(store, orderId, session) {
  const body = mutatorRequest(orderId, session, cart(store));
  Object.assign(body, { totalPrice: total(store), subtotalPrice: total(store), totalTax: store.decimals === 0 ? '0' : '0.00' });
  return body;
}

for (const store of kStores) {
  describe(`The customer display of a ${store.locale} store paid in ${store.currency}`, { timeout: 90000 }, () => {
    let daemon;
    let browser;
    let page;
    const seen = [];  // every word the shopper was shown

    before(async () => {
      daemon = await new Daemon({
        'display.locale': store.locale, 'store.currency': store.currency, 'store.decimals': String(store.decimals),
        'display.store_name': 'Kiosk', 'display.idle_message': '', 'display.thank_you_s': '60',
      }).start();
      browser = await launch();
      page = await browser.page();
      await page.goto(daemon.url('/display/1'));
      await waitForScreen(page, 'idle');
    });

    after(async () => {
      await browser?.close();
      await daemon?.cleanup();
    });

    it('shows the total exactly as Intl writes it for the locale and currency', async () => {
      await daemon.post(kPaths.entered, zoneEntered(1, 'sess-1'));
      await waitForScreen(page, 'welcome');
      seen.push(...await shownWords(page));
      await daemon.post(kPaths.mutator, pricingRequest(store, 9001, 'sess-1'));
      await waitForScreen(page, 'cart');
      const { lane } = await daemon.getJson('/api/lanes/1');
      const expected = await page.evaluate(({ total, locale, currency }) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(total)),
      { total: lane.cart.total, locale: store.locale, currency: store.currency });
      assert.equal(lane.cart.total, total(store));
      await waitForText(page, '#total', normalise(expected));
      assert.equal(await page.locator('#total').textContent(), expected, 'the same characters, spaces too');
      seen.push(...await shownWords(page));
      await screenshot(page, `display-${store.locale}-cart`);
    });

    it('takes its words from the locale\'s catalog, with the language\'s plural form', async () => {
      const texts = catalog(store.language || 'en');
      const plural = new Intl.PluralRules(store.locale).select(5);
      await waitForText(page, '#item-count', (texts.itemCount[plural] ?? texts.itemCount.other).replace('{count}', '5'));
      assert.equal(await page.locator('#items-title').textContent(), texts.yourItems);
      assert.equal(await page.locator('#total-label').textContent(), texts.total);
      assert.equal(await page.evaluate(() => document.documentElement.lang), store.locale);
      if (store.locale === 'pl-PL') assert.equal(normalise(await page.locator('#item-count').innerText()), '5 produktów');
    });

    it('thanks the shopper, or asks them to see staff, in the same language', async () => {
      if (store.decimals !== 2) return;  // the checkout payload is written in cents
      const texts = catalog(store.language);
      await daemon.post(kPaths.checkout, checkout(9001, 'sess-1', cart(store), { total: total(store), tax: '0.00' },
        { paymentStatus: 'failed' }));
      await waitForScreen(page, 'paid');
      await waitForText(page, '#paid-title', texts.paymentNotCompleted);
      await waitForText(page, '#paid-message', texts.askStaff);
      seen.push(...await shownWords(page));
      const other = await browser.context.newPage();
      await other.goto(daemon.url('/display/2'));
      await daemon.post(kPaths.entered, zoneEntered(2, 'sess-2'));
      await daemon.post(kPaths.mutator, pricingRequest(store, 9002, 'sess-2'));
      await daemon.post(kPaths.checkout, checkout(9002, 'sess-2', cart(store), { total: total(store), tax: '0.00' }));
      await waitForScreen(other, 'paid');
      await waitForText(other, '#paid-title', texts.thankYou);
      await waitForText(other, '#paid-outcome', texts.paid);
      seen.push(...await shownWords(other));
      await screenshot(other, `display-${store.locale}-thank-you`);
      await other.close();
    });

    if (store.language && store.language !== 'en') {
      it('leaves no English word on the screen', () => {
        const english = wordsOf(catalog('en'));
        const own = wordsOf(catalog(store.language));
        const left = [...new Set(seen)].filter((word) => english.has(word) && !own.has(word));
        assert.ok(seen.length > 10, `saw ${seen.join(' ')}`);
        assert.deepEqual(left, []);
      });
    }

    it('never showed a script error', () => {
      assert.deepEqual(browser.pageErrors, []);
    });
  });
}
