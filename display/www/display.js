// The customer display for one checkout lane: /display/{zone}.
//
// Reads the store's look once per connection, then follows the lane's event stream. Each
// event carries the whole lane, so the page simply shows the latest one; a snapshot (on every
// connect) replaces everything. While the stream is down the last picture stays up with a
// small "offline" mark, and the page reconnects by itself.

import { applyColors, kDefaultConfig, loadDisplayConfig } from './display_config.js';
import { renderLane, renderStore } from './display_screens.js';
import { loadCatalogs, translator } from './i18n.js';
import { openStream } from './stream.js';

function zoneFromPath(pathname) {
  const last = pathname.replace(/\/+$/, '').split('/').pop() || '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const zone = zoneFromPath(location.pathname);
const state = {
  config: kDefaultConfig,
  t: translator({}, 'display', kDefaultConfig.locale),  // no words until a catalog is loaded
  configured: false,  // the daemon's configuration has been applied once
  generation: 0,  // of refreshConfig calls: only the latest may apply what it loaded
  lane: null,
  decimals: null,  // from the events: the unit of every *_minor number they carry
  droppedOut: false,  // the stream broke since the page loaded
};

// How amounts are written: the store's locale and currency, in the events' unit.
function money() {
  const { locale, currency } = state.config;
  return { locale, ...currency, decimals: state.decimals ?? currency.decimals };
}

function show() {
  renderLane(state.lane, state.config, money(), state.t);
}

function applyConfig(config, catalog) {
  state.config = config;
  state.t = translator(catalog, 'display', config.locale);
  state.configured = true;
  applyColors(config.colors);
  renderStore(config, state.t);
  show();
}

// Without an answer at the first try the page still needs words: the defaults (English).
async function refreshConfig() {
  const generation = ++state.generation;
  try {
    let config;
    try {
      config = await loadDisplayConfig();
    } catch (error) {
      if (state.configured) throw error;
      config = kDefaultConfig;
    }
    const catalog = await loadCatalogs(config.catalogs);
    if (generation === state.generation) applyConfig(config, catalog);
  } catch {
    // Keep the look and words we have; the next reconnect asks again.
  }
}

function onEvent(type, data) {
  if (Number.isInteger(data.decimals)) state.decimals = data.decimals;
  if (type === 'snapshot') {
    state.lane = (data.lanes || []).find((lane) => lane.zone === zone) || null;
  } else if (type === 'lane' && data.lane && data.lane.zone === zone) {
    state.lane = data.lane;
  } else {
    return;
  }
  show();
}

function onStatus(online) {
  document.getElementById('offline').hidden = online;
  document.body.dataset.online = String(online);
  // A daemon that came back may have a new configuration (it restarted or was reloaded).
  if (online && state.droppedOut) refreshConfig();
  state.droppedOut = !online;
}

document.body.dataset.zone = zone;
refreshConfig();
openStream(`/api/lanes/${encodeURIComponent(zone)}/events`, { onEvent, onStatus });
