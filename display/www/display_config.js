// The store's look for the customer display and the staff kiosk: name, locales and the
// catalogs each reads, time zone, messages, logo, colours and currency, from
// GET /api/display/config. Until it answers (or if it cannot), the pages show a neutral
// default so a screen is never blank.

export const kDefaultConfig = Object.freeze({
  storeName: '',
  locale: 'en',
  catalogs: ['en'],
  staffLocale: 'en',
  staffCatalogs: ['en'],
  timeZone: '',
  idleMessage: '',
  thankYouMessage: '',
  logoUrl: '/assets/logo.svg',
  colors: { background: '#101418', text: '#f4f6f8', accent: '#2fb37b' },
  currency: { code: 'EUR', decimals: 2, symbol: '' },
});

const kColor = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

// Fetches the config; resolves to the defaults merged with whatever the daemon answered.
export async function loadDisplayConfig() {
  const response = await fetch('/api/display/config', { cache: 'no-store' });
  if (!response.ok) throw new Error(`display config: HTTP ${response.status}`);
  const answer = await response.json();
  return {
    ...kDefaultConfig,
    ...answer,
    colors: { ...kDefaultConfig.colors, ...(answer.colors || {}) },
    currency: { ...kDefaultConfig.currency, ...(answer.currency || {}) },
  };
}

// Sets the colours as CSS custom properties on the document; the stylesheet does the rest.
// Only plain hex colours are taken, so a config value can never inject other CSS.
export function applyColors(colors, root = document.documentElement) {
  for (const name of ['background', 'text', 'accent']) {
    const value = colors?.[name];
    if (typeof value === 'string' && kColor.test(value)) root.style.setProperty(`--${name}`, value);
  }
}
