// Words on the customer display, in the store's language (display.locale).
// A locale the page does not know falls back to English, key by key.

const kLabels = {
  en: {
    welcome: 'Welcome',
    welcomeHint: 'Your items will appear here',
    yourItems: 'Your items',
    total: 'Total',
    inclTax: 'incl. tax',
    deposit: 'Deposit',
    discount: 'Discount',
    thankYou: 'Thank you',
    paid: 'Paid',
    paymentProcessing: 'Payment processing',
    paymentNotCompleted: 'Payment not completed',
    askStaff: 'Please ask a member of staff',
    offline: 'offline',
    item: 'item',
    items: 'items',
  },
  de: {
    welcome: 'Willkommen',
    welcomeHint: 'Ihre Artikel erscheinen hier',
    yourItems: 'Ihre Artikel',
    total: 'Summe',
    inclTax: 'inkl. MwSt.',
    deposit: 'Pfand',
    discount: 'Rabatt',
    thankYou: 'Vielen Dank',
    paid: 'Bezahlt',
    paymentProcessing: 'Zahlung wird bearbeitet',
    paymentNotCompleted: 'Zahlung nicht abgeschlossen',
    askStaff: 'Bitte wenden Sie sich an unser Personal',
    offline: 'offline',
    item: 'Artikel',
    items: 'Artikel',
  },
};

export function labelsFor(locale) {
  const language = String(locale || 'en').toLowerCase().split(/[-_]/)[0];
  return { ...kLabels.en, ...(kLabels[language] || {}) };
}

export function itemCountText(count, labels) {
  return `${count}\u00a0${count === 1 ? labels.item : labels.items}`;
}
