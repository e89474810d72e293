// The display's money formatter, run where it runs: in chromium, loaded from the daemon as
// the page loads it. Amounts are integer minor units, written as Intl writes them for the
// store's locale and currency; anything else must be refused, never rounded into a price.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { launch, normalise } from './lib/browser.js';
import { Daemon } from './lib/daemon.js';

const de = { locale: 'de-DE', code: 'EUR', decimals: 2 };
const us = { locale: 'en-US', code: 'USD', decimals: 2 };
const jp = { locale: 'ja-JP', code: 'JPY', decimals: 0 };
const ch = { locale: 'de-CH', code: 'CHF', decimals: 2 };
const kw = { locale: 'en-US', code: 'KWD', decimals: 3 };
const pl = { locale: 'pl-PL', code: 'PLN', decimals: 2 };
const fr = { locale: 'fr-FR', code: 'EUR', decimals: 2 };

// Amounts a float holds exactly enough: the page's text must be what Intl gives for the
// Number in the same browser, so the locale, not our code, decides how money looks.
const kAgreeWithIntl = [
  [747, de], [0, de], [5, de], [-70, de], [100000, de], [123456789, de],
  [123447, us], [-5, us], [99, us], [1200, jp], [0, jp], [1234567, jp], [-1, jp],
  [123456, ch], [1234567, kw], [1, kw], [123456, pl], [-250, pl], [123456789, fr],
];

// Written out, as a shopper reads them; spaces normalised.
const kWrittenOut = [
  [747, de, '7,47 €'],
  [123447, us, '$1,234.47'],
  [123456, pl, '1234,56 zł'],
  [123456789, fr, '1 234 567,89 €'],
  // Past 2^53 a float has lost the cent; the formatter takes integer text (and BigInt) exactly.
  ['9007199254740993', de, '90.071.992.547.409,93 €'],
  ['-100', us, '-$1.00'],
  // display.currency_symbol overrides the locale's symbol, where the locale puts it.
  [100, { ...de, code: 'USD', symbol: 'US$' }, '1,00 US$'],
];
const kRefused = [1.5, 0.1, Number.NaN, Infinity, 2 ** 53, '7.47', '', ' 7', '1e3', 'abc', null, undefined, true, {}];

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

  it('writes integer minor units exactly as Intl writes that amount in the store\'s locale', async () => {
    const shown = await page.evaluate(async (cases) => {
      const { formatMoney } = await import('/assets/money.js');
      return cases.map(([minor, money]) => {
        const intl = new Intl.NumberFormat(money.locale, { style: 'currency', currency: money.code })
          .format(minor / 10 ** money.decimals);
        return { page: formatMoney(minor, money), intl };
      });
    }, kAgreeWithIntl);
    for (const [i, { page: text, intl }] of shown.entries()) {
      assert.equal(text, intl, `${kAgreeWithIntl[i][0]} in ${kAgreeWithIntl[i][1].locale} ${kAgreeWithIntl[i][1].code}`);
    }
  });

  it('keeps every digit of amounts no float can hold, and honours a configured symbol', async () => {
    const shown = await page.evaluate(async (cases) => {
      const { formatMoney } = await import('/assets/money.js');
      return cases.map(([minor, money]) => formatMoney(minor, money));
    }, kWrittenOut);
    assert.deepEqual(shown.map(normalise), kWrittenOut.map(([, , want]) => want));
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

  it('writes tax rates as the locale writes percentages, whether sent as fractions or as percent', async () => {
    const kRates = [
      ['0.19', 'de-DE', '19 %'], ['19', 'de-DE', '19 %'], ['0.07', 'en-US', '7%'], ['7.00', 'en-US', '7%'],
      ['8.875', 'fr-FR', '8,875 %'], ['0.075', 'pl-PL', '7,5%'], ['0', 'en-US', '0%'],
      ['', 'de-DE', ''], ['abc', 'de-DE', ''], ['-0.19', 'de-DE', ''], ['1e2', 'de-DE', ''],
    ];
    const shown = await page.evaluate(async (rates) => {
      const { formatPercent } = await import('/assets/money.js');
      return rates.map(([rate, locale]) => formatPercent(rate, locale));
    }, kRates);
    assert.deepEqual(shown.map(normalise), kRates.map(([, , want]) => want));
  });
});
