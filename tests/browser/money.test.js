// The display's money formatter, run where it runs: in chromium, loaded from the daemon as
// the page loads it. Amounts are integer minor units; anything else must be refused, never
// rounded into a price.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';

const de = { symbol: '€', symbolPosition: 'after', decimals: 2, decimalSeparator: ',', thousandsSeparator: '.', space: true };
const us = { symbol: '$', symbolPosition: 'before', decimals: 2, decimalSeparator: '.', thousandsSeparator: ',', space: false };
const jp = { symbol: '¥', symbolPosition: 'before', decimals: 0, decimalSeparator: '.', thousandsSeparator: ',', space: false };
const ch = { symbol: 'CHF', symbolPosition: 'before', decimals: 2, decimalSeparator: '.', thousandsSeparator: '\u2019', space: true };
const kw = { symbol: 'KD', symbolPosition: 'after', decimals: 3, decimalSeparator: '.', thousandsSeparator: '', space: true };

const kFormats = [
  [747, de, '7,47 €'],
  [0, de, '0,00 €'],
  [5, de, '0,05 €'],
  [-70, de, '\u22120,70 €'],
  [100000, de, '1.000,00 €'],
  [123456789, de, '1.234.567,89 €'],
  [123447, us, '$1,234.47'],
  [-5, us, '\u2212$0.05'],
  [99, us, '$0.99'],
  [1200, jp, '¥1,200'],
  [0, jp, '¥0'],
  [1234567, jp, '¥1,234,567'],
  [123456, ch, 'CHF 1\u2019234.56'],
  [1234567, kw, '1234.567 KD'],
  [1, kw, '0.001 KD'],
  // Past 2^53 a float has lost the cent; the formatter takes integer text (and BigInt) exactly.
  ['9007199254740993', de, '90.071.992.547.409,93 €'],
  ['-100', us, '\u2212$1.00'],
];

const kRefused = [1.5, 0.1, Number.NaN, Infinity, 2 ** 53, '7.47', '', ' 7', '1e3', 'abc', null, undefined, true, {}];

const kRates = [
  ['0.19', '19'], ['19', '19'], ['0.07', '7'], ['7.00', '7'], ['8.875', '8,875'], ['0.075', '7,5'],
  ['0', '0'], ['', ''], ['abc', ''], ['-0.19', ''], ['1e2', ''],
];

describe('Money on the customer display', { timeout: 60000 }, () => {
  let daemon;
  let browser;
  let page;

  before(async () => {
    daemon = await new Daemon().start();
    browser = await launch();
    page = await browser.page();
    await page.goto(daemon.url('/display/1'));
  });

  after(async () => {
    await browser?.close();
    await daemon?.cleanup();
  });

  it('formats integer minor units with the store\'s symbol, position, separators and decimals', async () => {
    const shown = await page.evaluate(async (cases) => {
      const { formatMoney } = await import('/assets/money.js');
      return cases.map(([minor, currency]) => formatMoney(minor, currency));
    }, kFormats);
    assert.deepEqual(shown.map((text, i) => [kFormats[i][0], text.replace(/\u00a0/g, ' ')]),
      kFormats.map(([minor, , want]) => [minor, want]));
  });

  it('refuses amounts that are not whole minor units', async () => {
    const outcomes = await page.evaluate(async (inputs) => {
      const { formatMoney } = await import('/assets/money.js');
      return inputs.map((input) => {
        try {
          return `formatted ${formatMoney(input)}`;
        } catch (error) {
          return error.name;
        }
      });
    }, kRefused);
    for (const [i, outcome] of outcomes.entries()) {
      assert.match(outcome, /Error$/, `${String(kRefused[i])} gave ${outcome}`);
    }
  });

  it('writes tax rates as percentages, whether sent as fractions or as percent', async () => {
    const shown = await page.evaluate(async (rates) => {
      const { ratePercent } = await import('/assets/money.js');
      return rates.map(([rate]) => ratePercent(rate, ','));
    }, kRates);
    assert.deepEqual(shown, kRates.map(([, want]) => want));
  });
});
