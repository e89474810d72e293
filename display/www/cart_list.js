// The list of cart lines on the customer display.
//
// A long cart does not fit on the screen: the list stays scrolled to its end so the line the
// shopper just took is always in view, and older lines scroll away at the top (the window
// fades there). Lines that were not on screen before get a short highlight.

import { el } from './dom.js';
import { formatMoney } from './money.js';

// What makes a line "the same line" between two carts: a changed quantity counts as new.
function lineKey(line) {
  return [line.kind, line.name, line.unit_price_minor, line.quantity].join('\u0000');
}

function tagFor(kind, t) {
  if (kind === 'deposit') return t('deposit');
  if (kind === 'discount') return t('discount');
  return '';
}

function renderLine(line, money, t) {
  const kind = ['item', 'deposit', 'discount'].includes(line.kind) ? line.kind : 'item';
  const tag = tagFor(kind, t);
  const unit = line.quantity === 1 ? null
    : `${line.quantity}\u00a0\u00d7\u00a0${formatMoney(line.unit_price_minor, money)}`;
  return el('li', { class: `line line-${kind}`, dataset: { kind, key: lineKey(line) } },
    el('span', { class: 'line-qty' }, `${line.quantity}\u00d7`),
    el('span', { class: 'line-name' },
      el('span', { class: 'line-title' }, line.name),
      tag ? el('span', { class: 'line-tag' }, tag) : null,
      unit ? el('span', { class: 'line-unit' }, unit) : null),
    el('span', { class: 'line-amount' }, formatMoney(line.line_total_minor, money)));
}

// Replaces the list with `lines`, marks lines new since the last call, scrolls to the end.
// A list with nothing in common with the last one is another shopper's cart: nothing flashes.
export function renderCartLines(list, window_, lines, money, t) {
  const before = new Set(Array.from(list.children, (row) => row.dataset.key));
  const rows = (lines || []).map((line) => renderLine(line, money, t));
  if (rows.some((row) => before.has(row.dataset.key))) {
    for (const row of rows) if (!before.has(row.dataset.key)) row.classList.add('line-new');
  }
  list.replaceChildren(...rows);
  window_.scrollTop = window_.scrollHeight;
  window_.classList.toggle('items-window-scrolled', window_.scrollTop > 0);
}
