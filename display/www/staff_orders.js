// Recent orders with what happened to them: every checkout revision the daemon received
// (draft, completed, reviewed; applied or superseded) and every cart-mutator pricing run.
// `kiosk` is { t, money, clock } (staff.js). Statuses are AiFi's words and stay as sent.

import { el } from './dom.js';
import { formatAmountText } from './money.js';

function revisionItem(revision, kiosk) {
  const { t, money } = kiosk;
  return el('li', { class: revision.applied ? 'rev' : 'rev rev-ignored' },
    `#${revision.seq} ${revision.status} ${formatAmountText(revision.totalPrice, money)}`,
    revision.applied ? '' : ` ${t('notApplied')}`);
}

function mutationItem(mutation, kiosk) {
  const { t, money } = kiosk;
  const ms = mutation.durationUs === undefined ? ''
    : ` ${new Intl.NumberFormat(money.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mutation.durationUs / 1000)} ms`;
  const trouble = mutation.failure ? ` ${t('failed', { reason: mutation.failure })}` : (mutation.fellBack ? ` ${t('fellBack')}` : '');
  // The rules version is a digest of the rules file: its first characters tell versions apart.
  const version = String(mutation.rulesVersion ?? '?');
  const shortVersion = version.length > 12 ? `${version.slice(0, 8)}\u2026` : version;
  return el('li', { class: trouble ? 'mut mut-trouble' : 'mut', title: `${t('rules')} ${version}` },
    `#${mutation.seq} ${t('rules')} ${shortVersion}${ms} ${formatAmountText(mutation.totalPrice, money)}${trouble}`);
}

function orderRow(order, kiosk) {
  const { money, clock } = kiosk;
  return el('tr', { dataset: { order: String(order.orderId) } },
    el('td', {}, el('strong', {}, String(order.orderId)), el('br'),
      el('span', { class: 'muted' }, order.externalId || '')),
    el('td', {}, order.status || ''),
    el('td', { class: 'num' }, formatAmountText(order.totalPrice, money)),
    el('td', { class: 'num' }, formatAmountText(order.totalTax, money)),
    el('td', {}, order.paymentStatus || ''),
    el('td', {}, clock.clockTime(order.updatedAt)),
    el('td', {}, el('ol', { class: 'history' },
      (order.revisions || []).map((revision) => revisionItem(revision, kiosk)))),
    el('td', {}, el('ol', { class: 'history' },
      (order.mutations || []).map((mutation) => mutationItem(mutation, kiosk)))));
}

export function renderOrders(body, empty, orders, kiosk) {
  body.replaceChildren(...orders.map((order) => orderRow(order, kiosk)));
  empty.hidden = orders.length > 0;
}
