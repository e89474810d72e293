// The staff kiosk: /staff (or /staff#token=... off the machine).
//
// Lanes and alerts are live from /api/staff/events: a snapshot on every (re)connect, then one
// event per change, each carrying the whole lane or alert. Orders and health are not on the
// stream; they are fetched when the page starts, every few seconds, and soon after a lane
// changes (a change is usually a webhook, often an order arriving).
//
// Words, money and times follow the staff locale (display.staff_locale, else display.locale)
// and the store's time zone, from /api/display/config; the page starts once it has them.

import { kDefaultConfig } from './display_config.js';
import { applyTexts, loadCatalogs, translator } from './i18n.js';
import { getJson, postJson, streamUrl } from './staff_api.js';
import { renderAlerts } from './staff_alerts.js';
import { renderHealth } from './staff_health.js';
import { renderLanes } from './staff_lanes.js';
import { renderOrders } from './staff_orders.js';
import { makeClock } from './staff_time.js';
import { openStream } from './stream.js';

const kOrdersEveryMs = 10000;
const kHealthEveryMs = 5000;
const kRefreshAfterLaneMs = 800;
const kClockEveryMs = 5000;

const $ = (id) => document.getElementById(id);
const state = { lanes: new Map(), alerts: new Map(), soonTimer: null, kiosk: null };

function showLanes() {
  renderLanes($('lanes'), $('lanes-empty'), [...state.lanes.values()], state.kiosk);
}

function showAlerts() {
  renderAlerts($('alerts'), $('alerts-empty'), $('alert-count'), [...state.alerts.values()], acknowledge, state.kiosk);
}

async function acknowledge(id) {
  try {
    await postJson(`/api/alerts/${encodeURIComponent(id)}/ack`, {});
    const alert = state.alerts.get(id);
    // The stream brings the acknowledged alert too; this only saves a moment.
    if (alert && !alert.acknowledged) {
      state.alerts.set(id, { ...alert, acknowledged: true, acknowledged_at_us: Date.now() * 1000 });
    }
  } catch {
    // Leave it open: the button comes back with the next redraw.
  }
  showAlerts();
}

async function refreshOrders() {
  try {
    const answer = await getJson('/api/orders?limit=20');
    renderOrders($('orders'), $('orders-empty'), answer.orders || [], state.kiosk);
    $('orders-error').hidden = true;
  } catch (error) {
    $('orders-error').textContent = state.kiosk.t('ordersUnavailable', { error: error.message });
    $('orders-error').hidden = false;
  }
}

// After a lane change: a new order or revision is likely, and the webhook counts moved.
function refreshSoon() {
  if (state.soonTimer) return;
  state.soonTimer = setTimeout(() => {
    state.soonTimer = null;
    refreshOrders();
    refreshHealth();
  }, kRefreshAfterLaneMs);
}

async function refreshHealth() {
  try {
    renderHealth($('health'), $('webhooks'), await getJson('/healthz'), state.kiosk);
    $('health-error').hidden = true;
  } catch (error) {
    $('health-error').textContent = state.kiosk.t('healthUnavailable', { error: error.message });
    $('health-error').hidden = false;
  }
}

function onEvent(type, data) {
  if (type === 'snapshot') {
    state.lanes = new Map((data.lanes || []).map((lane) => [lane.zone, lane]));
    state.alerts = new Map((data.alerts || []).map((alert) => [alert.id, alert]));
    showLanes();
    showAlerts();
    refreshSoon();
  } else if (type === 'lane' && data.lane) {
    state.lanes.set(data.lane.zone, data.lane);
    showLanes();
    refreshSoon();
  } else if (type === 'alert' && data.alert) {
    state.alerts.set(data.alert.id, data.alert);
    showAlerts();
  }
}

function onStatus(online) {
  const link = $('link');
  link.dataset.state = online ? 'live' : 'offline';
  link.textContent = state.kiosk.t(online ? 'live' : 'reconnecting');
  document.body.dataset.online = String(online);
  if (online) refreshHealth();
}

// The staff locale's words, money and clock; English and the browser's zone when the daemon
// cannot say.
async function loadKiosk() {
  let config = kDefaultConfig;
  try {
    // Through staff_api like every request of this page: with the token, when there is one.
    config = { ...kDefaultConfig, ...await getJson('/api/display/config') };
  } catch {
    // The defaults will do: the page must work even then.
  }
  const locale = config.staffLocale || config.locale;
  // Without catalogs the kiosk still shows its data, only without its words.
  const catalog = await loadCatalogs(config.staffCatalogs).catch(() => ({}));
  const t = translator(catalog, 'staff', locale);
  const money = { locale, ...config.currency };
  return { t, money, clock: makeClock(locale, config.timeZone, t), locale };
}

async function start() {
  state.kiosk = await loadKiosk();
  document.documentElement.lang = state.kiosk.locale;
  document.title = state.kiosk.t('pageTitle');
  applyTexts(document, state.kiosk.t);
  openStream(() => streamUrl('/api/staff/events'), { onEvent, onStatus });
  refreshOrders();
  refreshHealth();
  setInterval(refreshOrders, kOrdersEveryMs);
  setInterval(refreshHealth, kHealthEveryMs);
  // "since" and "how long ago" move on even when nothing happens.
  setInterval(() => { showLanes(); showAlerts(); }, kClockEveryMs);
}

start();
