// The customer display of an English-speaking store with dollars before the amount and sales
// tax on top: the money format follows the store, and the thank-you screen tells a shopper
// whose payment did not go through, or is still processing, what happened.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, screenshot, waitForScreen, waitForText } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';
import { cartItem, checkout, kPaths, mutatorRequest, zoneEntered } from './lib/payloads.js';
import { kNewYorkStore } from './lib/store.js';

// The daemon's decimal text ("1359.85") as en-US writes dollars: "$1,359.85". Written
// independently of the page's formatter, by grouping the text.
function dollars(decimalText) {
  const negative = decimalText.startsWith('-');
  const [whole, cents] = decimalText.replace('-', '').split('.');
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

describe('An American store\'s customer display', { timeout: 90000 }, () => {
  let daemon;
  let browser;
  let page;
  let pricedCart;

  before(async () => {
    daemon = await new Daemon(kNewYorkStore).start();
    browser = await launch();
    page = await browser.page();
    await page.goto(daemon.url('/display/2'));
    await waitForText(page, '.idle-name', 'Corner Market');
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('writes dollars before the amount with thousands grouped, and English labels', async () => {
    const cart = [
      cartItem('espresso', 'Espresso machine', '1249.00', 1, { taxCode: 'TAXABLE', category: 'Household' }),
      cartItem('seltzer', 'Seltzer 12 oz', '1.25', 2, { taxCode: 'TAXABLE', category: 'Soda' }),
      cartItem('banana', 'Bananas', '0.69', 3, { taxCode: 'GROCERY', category: 'Produce' }),
    ];
    await daemon.post(kPaths.entered, zoneEntered(2, 'sess-us-1'));
    pricedCart = (await daemon.post(kPaths.mutator, mutatorRequest(7001, 'sess-us-1', cart))).cart;
    await waitForScreen(page, 'cart');
    const { lane } = await daemon.getJson('/api/lanes/2');
    assert.ok(lane.cart.total_minor > 125000, `a four-figure total: ${lane.cart.total}`);
    await waitForText(page, '#total', dollars(lane.cart.total));
    assert.match(dollars(lane.cart.total), /^\$1,\d{3}\.\d{2}$/);
    await waitForText(page, '#total-label', 'TOTAL');
    await waitForText(page, '#items-title', 'YOUR ITEMS');
    await waitForText(page, '#tax-label', 'incl. tax');
    await waitForText(page, '#item-count', '6 items');
    const deposit = page.locator('#lines .line-deposit').first();
    assert.equal(await deposit.locator('.line-tag').textContent(), 'Deposit');
    assert.equal(await deposit.locator('.line-amount').innerText(), dollars('0.10'));
    await screenshot(page, 'display-en-1-cart');
  });

  it('tells the shopper when the payment was not completed', async () => {
    const { lane } = await daemon.getJson('/api/lanes/2');
    await daemon.post(kPaths.checkout, checkout(7001, 'sess-us-1', pricedCart, { total: lane.cart.total, tax: lane.cart.tax },
      { paymentStatus: 'failed' }));
    await waitForScreen(page, 'paid');
    await waitForText(page, '#paid-title', 'Payment not completed');
    await waitForText(page, '#paid-message', 'Please ask a member of staff');
    await screenshot(page, 'display-en-2-not-paid');
  });

  it('says the payment is processing when the processor has not answered yet', async () => {
    await waitForScreen(page, 'idle', 10000);
    const cart = [cartItem('bagel', 'Everything bagel', '2.25', 2, { taxCode: 'GROCERY', category: 'Grocery' })];
    await daemon.post(kPaths.entered, zoneEntered(2, 'sess-us-2'));
    await daemon.post(kPaths.mutator, mutatorRequest(7002, 'sess-us-2', cart));
    await waitForText(page, '#total', dollars('4.50'));
    await daemon.post(kPaths.checkout, checkout(7002, 'sess-us-2', cart, { total: '4.50', tax: '0.00' },
      { paymentStatus: 'pending' }));
    await waitForScreen(page, 'paid');
    await waitForText(page, '#paid-title', 'Thank you');
    await waitForText(page, '#paid-message', 'Have a great day!');
    await waitForText(page, '#paid-outcome', 'Payment processing');
    await waitForText(page, '#paid-total', `Total ${dollars('4.50')}`);
    await screenshot(page, 'display-en-3-processing');
  });

  it('shows the idle screen for a lane nobody has used', async () => {
    const other = await browser.context.newPage();
    await other.goto(daemon.url('/display/no-such-lane'));
    await waitForScreen(other, 'idle');
    await waitForText(other, '#idle-message', 'Just walk out');
    assert.equal(await other.locator('#offline').isVisible(), false);
    await other.close();
  });

  it('never showed a script error', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
