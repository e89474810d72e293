// Alerts that need a person, with an Acknowledge button. Open alerts come first, newest on
// top; acknowledged ones stay below, greyed, until the daemon drops them from its list.
// `kiosk` is { t, money, clock } (staff.js): the staff locale's words, money and clock.

import { el } from './dom.js';

function where(alert, t) {
  const parts = [];
  if (alert.zone) parts.push(t('laneName', { zone: alert.zone }));
  if (alert.order_id !== null && alert.order_id !== undefined) parts.push(t('orderName', { id: String(alert.order_id) }));
  return parts.join(' · ');
}

function alertItem(alert, onAcknowledge, kiosk, now) {
  const { t, clock } = kiosk;
  const action = alert.acknowledged
    ? el('span', { class: 'alert-done' }, t('acknowledgedAt', { time: clock.clockTime(alert.acknowledged_at_us, now) }))
    : el('button', { type: 'button', class: 'alert-ack', onclick: (event) => {
      event.currentTarget.disabled = true;
      onAcknowledge(alert.id);
    } }, t('acknowledge'));
  return el('li', {
    class: `alert alert-${alert.kind}${alert.acknowledged ? ' alert-acknowledged' : ''}`,
    dataset: { id: String(alert.id), kind: alert.kind },
  },
  el('div', { class: 'alert-main' },
    el('span', { class: 'alert-kind' }, t(`alertKind.${alert.kind}`) || alert.kind),
    el('span', { class: 'alert-where' }, where(alert, t)),
    el('span', { class: 'alert-text' }, alert.text || ''),
    el('span', { class: 'alert-time' }, clock.sinceText(alert.raised_at_us, now))),
  action);
}

function order(a, b) {
  if (a.acknowledged !== b.acknowledged) return a.acknowledged ? 1 : -1;
  return b.id - a.id;
}

export function renderAlerts(list, empty, count, alerts, onAcknowledge, kiosk, now = new Date()) {
  const sorted = [...alerts].sort(order);
  list.replaceChildren(...sorted.map((alert) => alertItem(alert, onAcknowledge, kiosk, now)));
  const open = sorted.filter((alert) => !alert.acknowledged).length;
  count.textContent = open ? String(open) : '';
  empty.hidden = open > 0;
  document.body.dataset.openAlerts = String(open);
}
