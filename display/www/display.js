// The customer display for one checkout lane: /display/{zone}.
//
// Reads the store's look once per connection, then follows the lane's event stream. Each
// event carries the whole lane, so the page simply shows the latest one; a snapshot (on every
// connect) replaces everything. While the stream is down the last picture stays up with a
// small "offline" mark, and the page reconnects by itself.

import { applyColors, kDefaultConfig, loadDisplayConfig } from './display_config.js';
import { renderLane, renderStore } from './display_screens.js';
import { labelsFor } from './labels.js';
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
  labels: labelsFor(kDefaultConfig.locale),
  lane: null,
  decimals: null,  // from the events: the unit of every *_minor number they carry
  droppedOut: false,  // the stream broke since the page loaded
};

function currency() {
  const { currency: base } = state.config;
  return state.decimals === null ? base : { ...base, decimals: state.decimals };
}

function show() {
  renderLane(state.lane, state.config, currency(), state.labels);
}

function applyConfig(config) {
  state.config = config;
  state.labels = labelsFor(config.locale);
  applyColors(config.colors);
  renderStore(config, state.labels);
  show();
}

async function refreshConfig() {
  try {
    applyConfig(await loadDisplayConfig());
  } catch {
    // Keep the look we have; the next reconnect asks again.
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

applyConfig(kDefaultConfig);
document.body.dataset.zone = zone;
refreshConfig();
openStream(`/api/lanes/${encodeURIComponent(zone)}/events`, { onEvent, onStatus });
