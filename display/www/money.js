// Money as the store writes it, from integer minor units.
//
// Amounts arrive as integers (`total_minor: 747`); the page never divides them, because a
// binary float cannot hold 7.47 and a shopper must see exactly what they are charged. The
// digits are split as text: BigInt keeps amounts of any size exact.

// The page's defaults until /api/display/config answers: euros, German style.
export const kDefaultCurrency = Object.freeze({
  code: 'EUR', symbol: '€', symbolPosition: 'after', decimals: 2,
  decimalSeparator: ',', thousandsSeparator: '.', space: true,
});

function groupThousands(digits, separator) {
  if (!separator) return digits;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = digits.slice(start, end) + (out ? separator + out : '');
  }
  return out;
}

// An amount in minor units as a BigInt. Takes a BigInt, a safe integer Number (what JSON
// gives) or integer text; throws TypeError or RangeError for anything else, because a
// fraction of a minor unit or a number past 2^53 means the amount is already wrong.
export function toMinor(minor) {
  if (typeof minor === 'bigint') return minor;
  if (typeof minor === 'number') {
    if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole amount of minor units: ${minor}`);
    return BigInt(minor);
  }
  if (typeof minor === 'string' && /^-?\d+$/.test(minor)) return BigInt(minor);
  throw new TypeError(`not an amount of minor units: ${String(minor)}`);
}

// The unsigned amount as "1.234,56": integer part grouped, fraction padded to `decimals`.
export function formatAmount(minor, currency = kDefaultCurrency) {
  const decimals = Math.max(0, Math.trunc(Number(currency.decimals ?? 2)));
  let value = toMinor(minor);
  if (value < 0n) value = -value;
  const digits = value.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const grouped = groupThousands(whole, currency.thousandsSeparator ?? '');
  return decimals > 0 ? grouped + (currency.decimalSeparator ?? '.') + fraction : grouped;
}

// "7,47 €", "$1,234.50", "-0,70 €", "¥1,200". The minus sign leads, before a leading symbol too.
// `minor` is an integer Number (as JSON gives it), a BigInt or an integer string.
export function formatMoney(minor, currency = kDefaultCurrency) {
  const negative = toMinor(minor) < 0n;
  const amount = formatAmount(minor, currency);
  const symbol = currency.symbol ?? currency.code ?? '';
  const gap = symbol && currency.space ? '\u00a0' : '';
  const body = currency.symbolPosition === 'before' ? symbol + gap + amount : amount + gap + symbol;
  return (negative ? '\u2212' : '') + body;
}

// A tax rate as a percentage: "0.19" and "19" both give "19"; "0.07" gives "7"; "8.875" stays.
// Rates below one are fractions (AiFi sends "0.19"); rates of one and above are already percent.
// Decimal text is shifted as text so 0.07 never becomes 7.000000000000001.
export function ratePercent(rate, decimalSeparator = '.') {
  const text = String(rate ?? '').trim();
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || text === '' || text === '.') return '';
  let whole = match[1] || '0';
  let fraction = match[2] || '';
  if (/^0*$/.test(whole) && fraction !== '') {
    fraction = fraction.padEnd(2, '0');
    whole = fraction.slice(0, 2);
    fraction = fraction.slice(2);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction ? whole + decimalSeparator + fraction : whole;
}
