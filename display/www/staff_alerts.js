// Alerts that need a person, with an Acknowledge button. Open alerts come first, newest on
// top; acknowledged ones stay below, greyed, until the daemon drops them from its list.

import { el } from './dom.js';
import { sinceText, clockTime } from './staff_time.js';

const kKindText = {
  age_check: 'Age check',
  payment_not_successful: 'Payment not successful',
  order_reviewed: 'Order reviewed',
  mutator_failed: 'Cart pricing failed',
  mutation_skipped: 'Cart pricing skipped',
  disk_low: 'Disk almost full',
  certificate_expiring: 'HTTPS certificate',
};

function where(alert) {
  const parts = [];
  if (alert.zone) parts.push(`Lane ${alert.zone}`);
  if (alert.order_id !== null && alert.order_id !== undefined) parts.push(`Order ${alert.order_id}`);
  return parts.join(' · ');
}

function alertItem(alert, onAcknowledge, now) {
  const action = alert.acknowledged
    ? el('span', { class: 'alert-done' }, `acknowledged ${clockTime(alert.acknowledged_at_us, now)}`)
    : el('button', { type: 'button', class: 'alert-ack', onclick: (event) => {
      event.currentTarget.disabled = true;
      onAcknowledge(alert.id);
    } }, 'Acknowledge');
  return el('li', {
    class: `alert alert-${alert.kind}${alert.acknowledged ? ' alert-acknowledged' : ''}`,
    dataset: { id: String(alert.id), kind: alert.kind },
  },
  el('div', { class: 'alert-main' },
    el('span', { class: 'alert-kind' }, kKindText[alert.kind] || alert.kind),
    el('span', { class: 'alert-where' }, where(alert)),
    el('span', { class: 'alert-text' }, alert.text || ''),
    el('span', { class: 'alert-time' }, sinceText(alert.raised_at_us, now))),
  action);
}

function order(a, b) {
  if (a.acknowledged !== b.acknowledged) return a.acknowledged ? 1 : -1;
  return b.id - a.id;
}

export function renderAlerts(list, empty, count, alerts, onAcknowledge, now = new Date()) {
  const sorted = [...alerts].sort(order);
  list.replaceChildren(...sorted.map((alert) => alertItem(alert, onAcknowledge, now)));
  const open = sorted.filter((alert) => !alert.acknowledged).length;
  count.textContent = open ? String(open) : '';
  empty.hidden = open > 0;
  document.body.dataset.openAlerts = String(open);
}
