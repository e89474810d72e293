// Chooses and fills the customer display's screen for one lane state.
//
//   no lane / idle            -> idle: logo, store name, the idle message
//   welcome without lines     -> welcome
//   welcome with a live cart,
//   cart                      -> the cart: lines, total, tax summary
//   paid                      -> thank you, with the payment outcome and the total
//
// Shopper details never reach this page (the daemon sends none); the lane's `attention`
// flag is for staff and is deliberately not shown here.

import { renderCartLines } from './cart_list.js';
import { applyTexts } from './i18n.js';
import { formatMoney, formatPercent } from './money.js';

const $ = (id) => document.getElementById(id);

// Fills everything that depends on the store but not on the lane. `t` gives the words of
// the store's locale (i18n.js); `money` (below) says how it writes amounts (money.js).
export function renderStore(config, t) {
  document.documentElement.lang = String(config.locale || 'en');
  document.title = config.storeName || t('pageTitle');
  for (const node of document.querySelectorAll('[data-role="store-name"]')) {
    node.textContent = config.storeName || '';
  }
  for (const node of document.querySelectorAll('img[data-role="logo"]')) {
    node.hidden = !config.logoUrl;
    node.onerror = () => { node.hidden = true; };
    node.onload = () => { node.hidden = false; };
    if (config.logoUrl && node.getAttribute('src') !== config.logoUrl) node.src = config.logoUrl;
  }
  $('idle-message').textContent = config.idleMessage || '';
  applyTexts(document, t);
}

function screenFor(lane) {
  if (!lane) return 'idle';
  const hasLines = (lane.cart?.lines?.length ?? 0) > 0;
  switch (lane.phase) {
    case 'welcome': return hasLines ? 'cart' : 'welcome';
    case 'cart': return lane.cart ? 'cart' : 'welcome';
    case 'paid': return 'paid';
    default: return 'idle';
  }
}

// A rate that raised nothing (exempt food, 0 %) is left out: it tells the shopper nothing.
function renderTaxes(taxes, money) {
  const rows = (taxes || []).filter((tax) => tax.amount_minor !== 0).map((tax) => {
    const row = document.createElement('li');
    row.className = 'tax';
    const percent = formatPercent(tax.rate, money.locale);
    const title = tax.title || '';
    const name = percent && !title.includes('%') ? `${title} ${percent}`.trim() : title;
    const label = document.createElement('span');
    label.className = 'tax-title';
    label.textContent = name;
    const amount = document.createElement('span');
    amount.className = 'tax-amount';
    amount.textContent = formatMoney(tax.amount_minor, money);
    row.append(label, amount);
    return row;
  });
  $('taxes').replaceChildren(...rows);
}

// Shrinks a one-line text until it fits its box: "1.234,56 €" must not spill off the panel.
function fitText(node) {
  node.style.fontSize = '';
  const overflow = node.scrollWidth / Math.max(1, node.clientWidth);
  if (overflow > 1) {
    const size = parseFloat(getComputedStyle(node).fontSize);
    node.style.fontSize = `${Math.floor(size / overflow)}px`;
  }
}

function renderCart(cart, money, t) {
  renderCartLines($('lines'), $('items-window'), cart.lines, money, t);
  $('item-count').textContent = t('itemCount', { count: cart.item_count ?? 0 });
  $('total').textContent = formatMoney(cart.total_minor ?? 0, money);
  fitText($('total'));
  renderTaxes(cart.taxes, money);
  $('tax-label').hidden = $('taxes').children.length === 0;
}

function renderPaid(lane, config, money, t) {
  const outcome = lane.payment;
  const unpaid = outcome === 'unpaid';
  $('paid-title').textContent = unpaid ? t('paymentNotCompleted') : t('thankYou');
  $('paid-message').textContent = unpaid ? t('askStaff') : (config.thankYouMessage || '');
  const outcomeText = { paid: t('paid'), processing: t('paymentProcessing') }[outcome] || '';
  $('paid-outcome').textContent = outcomeText;
  $('paid-outcome').hidden = !outcomeText;
  $('paid-outcome').dataset.outcome = outcome || '';
  const total = lane.cart ? `${t('total')} ${formatMoney(lane.cart.total_minor ?? 0, money)}` : '';
  $('paid-total').textContent = total;
  $('paid-total').hidden = !total;
  document.body.dataset.outcome = outcome || '';
}

// Shows `lane` (null: the lane is unknown or gone, which looks like idle).
export function renderLane(lane, config, money, t) {
  const screen = screenFor(lane);
  // The screen is made visible first: scrolling the list to its end needs its real height.
  document.body.dataset.screen = screen;
  document.body.dataset.phase = lane ? lane.phase : 'idle';
  if (screen === 'cart') renderCart(lane.cart, money, t);
  if (screen === 'paid') renderPaid(lane, config, money, t);
}
