// The daemon's health as GET /healthz reports it: uptime, database, the HTTPS certificate's
// end, and per webhook kind when it last arrived and how many were accepted, duplicated,
// rejected or failed. `kiosk` is { t, money, clock } (staff.js).

import { el } from './dom.js';

function uptime(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return days ? `${days} d ${hours} h` : (hours ? `${hours} h ${minutes} min` : `${minutes} min ${s % 60} s`);
}

function fact(name, value, className) {
  return [el('dt', {}, name), el('dd', { class: className }, value)];
}

function webhookRow(kind, stats, kiosk, now) {
  const { t, clock } = kiosk;
  const trouble = (stats.rejected || 0) + (stats.failed || 0) > 0;
  return el('tr', { class: trouble ? 'trouble' : '', dataset: { kind } },
    el('td', {}, t(`webhook.${kind}`) || kind),
    el('td', {}, stats.lastAt ? clock.sinceText(stats.lastAt, now) : t('never')),
    el('td', { class: 'num' }, String(stats.accepted ?? 0)),
    el('td', { class: 'num' }, String(stats.duplicates ?? 0)),
    el('td', { class: 'num' }, String(stats.rejected ?? 0)),
    el('td', { class: 'num' }, String(stats.failed ?? 0)));
}

// The same 21 days the daemon's alert uses: from then on the date is shown as trouble.
const kCertificateWarnDays = 21;

function certificateFacts(https, t) {
  if (!https || typeof https.certificateDaysLeft !== 'number') return [];
  const days = https.certificateDaysLeft;
  const date = String(https.certificateNotAfter || '').slice(0, 10);
  const text = days < 0 ? t('certificateExpired', { date }) : t('certificateUntil', { date, count: days });
  return fact(t('factCertificate'), text, days < kCertificateWarnDays ? 'bad' : 'ok');
}

// The MQTT feed to head office, when configured: connected or why not, and what waits.
function forwardFacts(forward, t) {
  if (!forward || forward.state === 'off' || !forward.state) return [];
  const values = {
    events: String(forward.backlogEvents ?? 0),
    age: String(forward.oldestUnacknowledgedSeconds ?? 0),
    error: forward.lastError || '?',
  };
  const connected = forward.state === 'connected';
  const facts = fact(t('factForward'), t(connected ? 'forwardConnected' : 'forwardDisconnected', values),
    connected ? 'ok' : 'bad');
  if (forward.deadLetters > 0) facts.push(...fact(t('forwardDeadLetters'), String(forward.deadLetters), 'bad'));
  return facts;
}

export function renderHealth(facts, webhooks, health, kiosk, now = new Date()) {
  const { t } = kiosk;
  const db = health.database || {};
  const bytes = [db.sizeBytes, db.bytes, db.databaseBytes].find((n) => typeof n === 'number');
  const dbState = db.lastError ? `${db.state}: ${db.lastError}` : (db.state || '?');
  facts.replaceChildren(
    ...fact(t('factStatus'), health.status || '?', health.status === 'ok' ? 'ok' : 'bad'),
    ...fact(t('factVersion'), health.version || '?'),
    ...fact(t('factUptime'), uptime(health.uptimeSeconds)),
    ...fact(t('factDatabase'), dbState, db.state === 'ok' ? 'ok' : 'bad'),
    ...fact(t('factDatabaseFile'), db.path || ''),
    ...(bytes !== undefined ? fact(t('factDatabaseSize'), `${Math.round(bytes / 1024)} KiB`) : []),
    ...fact(t('factWriteQueue'), String(db.queueDepth ?? 0)),
    ...(db.failedBatches !== undefined
      ? fact(t('factFailedWrites'), String(db.failedBatches), db.failedBatches > 0 ? 'bad' : '') : []),
    ...certificateFacts(health.https, t),
    ...forwardFacts(health.forward, t));
  webhooks.replaceChildren(...Object.entries(health.webhooks || {})
    .map(([kind, stats]) => webhookRow(kind, stats || {}, kiosk, now)));
}
