// Recent orders with what happened to them: every checkout revision the daemon received
// (draft, completed, reviewed; applied or superseded) and every cart-mutator pricing run.

import { el } from './dom.js';
import { clockTime } from './staff_time.js';

function money(text, currency) {
  return text === undefined || text === null ? '' : `${text} ${currency || ''}`.trim();
}

function revisionItem(revision, currency) {
  return el('li', { class: revision.applied ? 'rev' : 'rev rev-ignored' },
    `#${revision.seq} ${revision.status} ${money(revision.totalPrice, currency)}`,
    revision.applied ? '' : ' (not applied)');
}

function mutationItem(mutation, currency) {
  const ms = mutation.durationUs === undefined ? '' : ` ${(mutation.durationUs / 1000).toFixed(1)} ms`;
  const trouble = mutation.failure ? ` failed: ${mutation.failure}` : (mutation.fellBack ? ' fell back' : '');
  // The rules version is a digest of the rules file: its first characters tell versions apart.
  const version = String(mutation.rulesVersion ?? '?');
  const shortVersion = version.length > 12 ? `${version.slice(0, 8)}\u2026` : version;
  return el('li', { class: trouble ? 'mut mut-trouble' : 'mut', title: `rules ${version}` },
    `#${mutation.seq} rules ${shortVersion}${ms} ${money(mutation.totalPrice, currency)}${trouble}`);
}

function orderRow(order, currency) {
  return el('tr', { dataset: { order: String(order.orderId) } },
    el('td', {}, el('strong', {}, String(order.orderId)), el('br'),
      el('span', { class: 'muted' }, order.externalId || '')),
    el('td', {}, order.status || ''),
    el('td', { class: 'num' }, money(order.totalPrice, currency)),
    el('td', { class: 'num' }, money(order.totalTax, currency)),
    el('td', {}, order.paymentStatus || ''),
    el('td', {}, clockTime(order.updatedAt)),
    el('td', {}, el('ol', { class: 'history' },
      (order.revisions || []).map((revision) => revisionItem(revision, currency)))),
    el('td', {}, el('ol', { class: 'history' },
      (order.mutations || []).map((mutation) => mutationItem(mutation, currency)))));
}

export function renderOrders(body, empty, orders, currency) {
  body.replaceChildren(...orders.map((order) => orderRow(order, currency)));
  empty.hidden = orders.length > 0;
}
