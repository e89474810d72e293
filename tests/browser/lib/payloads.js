// Webhook bodies as AiFi sends them, built on the reference shapes in tests/fixtures/ (the
// same recipe as tests/blackbox/harness.py): each test changes only what it is about.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kFixtures = process.env.LANECAST_FIXTURES
  || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

export const kPaths = {
  entered: '/aifi/checkout-zone/entered',
  left: '/aifi/checkout-zone/left',
  mutator: '/aifi/cart-mutator',
  checkout: '/aifi/checkout',
};

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(kFixtures, name), 'utf8'));
}

function withSession(body, session) {
  body.sessionId = session;
  if (body.session) {
    body.session.sessionId = session;
    body.session.sessionToken = session;
  }
  return body;
}

const isoNow = () => new Date().toISOString();

// One cart line. `price` is a decimal string ("1.49"); AiFi sends it as a JSON number, and
// JSON.stringify writes a two-decimal Number back as exactly that text.
export function cartItem(sku, name, price, quantity, { taxCode = 'A', category = 'Getränke' } = {}) {
  const item = structuredClone(fixture('checkout-reference-example.json').cart[0]);
  Object.assign(item, {
    id: `item-${sku}`, externalId: sku, sku, name, barcode: `4000000${sku}`.slice(-13),
    category, price: Number(price), quantity, taxLines: [],
  });
  Object.assign(item.productSnapshot, { name, price, sku, externalId: sku, taxCode, category });
  return item;
}

export function zoneEntered(zone, session, { attention = false } = {}) {
  const body = withSession(fixture('checkout-zone-entered-reference-shape.json'), session);
  Object.assign(body, { checkoutZoneId: zone, timeOfOrigin: isoNow(), timeOfIssue: isoNow(),
    specialAttention: attention });
  delete body.cart;
  return body;
}

export function zoneLeft(zone, session) {
  return zoneEntered(zone, session);
}

// One member of a shopping group at a zone: its own shopperId, and the alcohol flag when it
// picked up beer. The same body serves /entered and /left; `timeOfOrigin` orders them.
export function groupMember(zone, session, shopperId, { flagged = false, timeOfOrigin = isoNow() } = {}) {
  const body = zoneEntered(zone, session, { attention: flagged });
  Object.assign(body, { timeOfOrigin, timeOfIssue: timeOfOrigin });
  body.shopper = { shopperId, shopperFlags: flagged ? 'POTENTIALLY_INTERACTED_WITH_ALCOHOL' : [] };
  return body;
}

export function mutatorRequest(orderId, session, cart, { status = 'draft' } = {}) {
  const body = withSession(fixture('cart-mutator-reference-shape.json'), session);
  Object.assign(body, { orderId, status, timeOfOrigin: isoNow(), timeOfIssue: isoNow(),
    totalPrice: '0.00', totalTax: '0.00', subtotalPrice: '0.00', cart });
  return body;
}

// A checkout; `totals` are the decimal strings AiFi sends ({ total: '7.47', tax: '0.82' }).
export function checkout(orderId, session, cart, totals, { status = 'completed', paymentStatus = 'success' } = {}) {
  const body = withSession(fixture('checkout-reference-example.json'), session);
  const subtotal = centsText(cents(totals.total) - cents(totals.tax));
  Object.assign(body, {
    orderId, status, timeOfOrigin: isoNow(), timeOfIssue: isoNow(), cart,
    totalPrice: totals.total, totalTax: totals.tax, subtotalPrice: subtotal,
    amount: Number(totals.total),
  });
  body.payment.paymentStatus = paymentStatus;
  body.payment.paymentTransactionIds = [`tx-${orderId}-${status}`];
  return body;
}

export function cents(text) {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  return text.startsWith('-') ? -value : value;
}

export function centsText(value) {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
