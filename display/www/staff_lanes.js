// The lanes on the staff kiosk: one card per checkout zone with its phase, how many shoppers
// are in it and since when, whether one needs a person, and the order on it.

import { el } from './dom.js';
import { sinceText } from './staff_time.js';

const kPhaseText = {
  idle: 'Idle', welcome: 'Shopper at the lane', cart: 'Cart shown', paid: 'Checked out',
};
const kPaymentText = { paid: 'paid', processing: 'payment processing', unpaid: 'NOT PAID' };

function money(text, currency) {
  return text === undefined || text === null ? '' : `${text} ${currency || ''}`.trim();
}

function orderLine(lane, currency) {
  const parts = [];
  if (lane.order_id !== null && lane.order_id !== undefined) parts.push(`Order ${lane.order_id}`);
  if (lane.cart) parts.push(`${lane.cart.item_count} items, ${money(lane.cart.total, currency)}`);
  if (lane.payment) parts.push(kPaymentText[lane.payment] || lane.payment);
  return parts.join(' · ');
}

function laneCard(lane, currency, now) {
  const shoppers = lane.shoppers === 1 ? '1 shopper' : `${lane.shoppers} shoppers`;
  return el('article', {
    class: `lane lane-${lane.phase}${lane.attention ? ' lane-attention' : ''}`,
    dataset: { zone: lane.zone, phase: lane.phase },
  },
  el('header', { class: 'lane-head' },
    el('span', { class: 'lane-zone' }, lane.zone),
    el('span', { class: 'lane-phase' }, kPhaseText[lane.phase] || lane.phase)),
  el('p', { class: 'lane-people' }, shoppers,
    lane.attention ? [' ', el('span', { class: 'lane-flag' }, 'needs staff')] : null),
  el('p', { class: 'lane-since' }, `since ${sinceText(lane.phase_since_us, now)}`),
  el('p', { class: 'lane-order' }, orderLine(lane, currency)));
}

// Lanes sorted by zone, numbers in numeric order ("2" before "10").
export function renderLanes(container, empty, lanes, currency, now = new Date()) {
  const sorted = [...lanes].sort((a, b) => a.zone.localeCompare(b.zone, undefined, { numeric: true }));
  container.replaceChildren(...sorted.map((lane) => laneCard(lane, currency, now)));
  empty.hidden = sorted.length > 0;
}
