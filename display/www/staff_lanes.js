// The lanes on the staff kiosk: one card per checkout zone with its phase, how many shoppers
// are in it and since when, whether one needs a person, and the order on it.
// `kiosk` is { t, money, clock } (staff.js).

import { el } from './dom.js';
import { formatAmountText } from './money.js';

function orderLine(lane, kiosk) {
  const { t, money } = kiosk;
  const parts = [];
  if (lane.order_id !== null && lane.order_id !== undefined) parts.push(t('orderName', { id: String(lane.order_id) }));
  if (lane.cart) {
    parts.push(`${t('items', { count: lane.cart.item_count ?? 0 })}, ${formatAmountText(lane.cart.total, money)}`);
  }
  if (lane.payment) parts.push(t(`payment.${lane.payment}`) || lane.payment);
  return parts.join(' · ');
}

function laneCard(lane, kiosk, now) {
  const { t, clock } = kiosk;
  return el('article', {
    class: `lane lane-${lane.phase}${lane.attention ? ' lane-attention' : ''}`,
    dataset: { zone: lane.zone, phase: lane.phase },
  },
  el('header', { class: 'lane-head' },
    el('span', { class: 'lane-zone' }, lane.zone),
    el('span', { class: 'lane-phase' }, t(`phase.${lane.phase}`) || lane.phase)),
  el('p', { class: 'lane-people' }, t('shoppers', { count: lane.shoppers ?? 0 }),
    lane.attention ? [' ', el('span', { class: 'lane-flag' }, t('needsStaff'))] : null),
  el('p', { class: 'lane-since' }, t('since', { time: clock.sinceText(lane.phase_since_us, now) })),
  el('p', { class: 'lane-order' }, orderLine(lane, kiosk)));
}

// Lanes sorted by zone, numbers in numeric order ("2" before "10").
export function renderLanes(container, empty, lanes, kiosk, now = new Date()) {
  const sorted = [...lanes].sort((a, b) => a.zone.localeCompare(b.zone, undefined, { numeric: true }));
  container.replaceChildren(...sorted.map((lane) => laneCard(lane, kiosk, now)));
  empty.hidden = sorted.length > 0;
}
