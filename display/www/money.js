// Money as the store's locale writes it, from integer minor units.
//
// Amounts arrive as integers (`total_minor: 747`); the page never divides them, because a
// binary float cannot hold 7.47 and a shopper must see exactly what they are charged. The
// digits are split as text (BigInt keeps amounts of any size exact) into a decimal string,
// "7.47", and Intl.NumberFormat formats that string: given a string, it works on the exact
// decimal, never on a float. The locale decides the symbol, its place, the separators and
// the minus sign ("7,47 €" in de-DE, "€7.47" in en-IE, "7,47 zł" in pl-PL, "￥1,200" in ja-JP).

// The page's money until /api/display/config answers.
export const kDefaultMoney = Object.freeze({ locale: 'en', code: 'EUR', decimals: 2, symbol: '' });

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

function places(decimals) {
  const n = Math.trunc(Number(decimals ?? 2));
  return Number.isFinite(n) && n >= 0 ? n : 2;
}

// 747 and 2 decimals -> "7.47"; -5 -> "-0.05"; 1200 and 0 decimals -> "1200".
export function minorToDecimal(minor, decimals = 2) {
  const value = toMinor(minor);
  const count = places(decimals);
  const digits = (value < 0n ? -value : value).toString().padStart(count + 1, '0');
  const whole = digits.slice(0, digits.length - count);
  const text = count > 0 ? `${whole}.${digits.slice(digits.length - count)}` : whole;
  return value < 0n ? `-${text}` : text;
}

const kDecimal = /^-?\d+(?:\.\d+)?$/;
const formats = new Map();

function currencyFormat(money) {
  const count = places(money.decimals);
  const key = `${money.locale}|${money.code}|${count}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.NumberFormat(money.locale, {
      style: 'currency', currency: money.code, minimumFractionDigits: count, maximumFractionDigits: count,
    }));
  }
  return formats.get(key);
}

// A decimal string ("7.47", "-0.70", as the daemon's APIs write amounts) as `money` writes
// it: { locale, code, decimals, symbol }. A non-empty `symbol` (display.currency_symbol)
// replaces the locale's own, where the locale puts it.
export function formatDecimal(text, money = kDefaultMoney) {
  if (typeof text !== 'string' || !kDecimal.test(text)) throw new TypeError(`not a decimal amount: ${String(text)}`);
  const format = currencyFormat(money);
  if (!money.symbol) return format.format(text);
  return format.formatToParts(text).map((part) => (part.type === 'currency' ? money.symbol : part.value)).join('');
}

// Integer minor units (a Number as JSON gives it, a BigInt or integer text) as `money` writes them.
export function formatMoney(minor, money = kDefaultMoney) {
  return formatDecimal(minorToDecimal(minor, money.decimals), money);
}

// A tax rate as percent text: "0.19" and "19" both give "19"; "0.07" gives "7"; "8.875" stays.
// Rates below one are fractions (AiFi sends "0.19"); rates of one and above are already percent.
// Decimal text is shifted as text so 0.07 never becomes 7.000000000000001. "" for anything else.
export function ratePercent(rate) {
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
  return fraction ? `${whole}.${fraction}` : whole;
}

// The rate as `locale` writes a percentage: "19 %" (de), "19%" (en), "8,875 %" (fr); "" when
// the rate is not one.
export function formatPercent(rate, locale) {
  const percent = ratePercent(rate);
  if (!percent) return '';
  const [whole, fraction = ''] = percent.split('.');
  const padded = whole.padStart(3, '0');
  const share = `${padded.slice(0, -2)}.${padded.slice(-2)}${fraction}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 20 }).format(share);
}

// An amount the daemon's APIs wrote as decimal text ("7.47"), or nothing (null: not known):
// as `money` writes it, "" for nothing, the text itself if it is not a decimal.
export function formatAmountText(text, money = kDefaultMoney) {
  if (text === null || text === undefined || text === '') return '';
  try {
    return formatDecimal(String(text), money);
  } catch {
    return String(text);
  }
}
