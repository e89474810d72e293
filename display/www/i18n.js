// The screens' words, from the message catalogs in /assets/i18n/ (one JSON file per language
// or regional variant; see docs/screens.md, "Adding a language").
//
// The daemon says which catalogs a locale reads, most general first (`en`, `pl`, `pl-PL`):
// it resolves the fallback once, for the pages and the pole display alike. Later catalogs
// win key by key, so a catalog that lacks a key shows the English text, never a blank.

// The catalogs merged: { display: {...}, staff: {...}, ... }. A catalog that cannot be
// fetched is an error: the page then keeps the words it has.
export async function loadCatalogs(names) {
  const merged = {};
  for (const name of names || ['en']) {
    const response = await fetch(`/assets/i18n/${encodeURIComponent(name)}.json`);
    if (!response.ok) throw new Error(`catalog ${name}: HTTP ${response.status}`);
    const catalog = await response.json();
    for (const [section, texts] of Object.entries(catalog)) {
      if (texts && typeof texts === 'object') merged[section] = { ...merged[section], ...texts };
    }
  }
  return merged;
}

// t(key, params) for one section of a catalog, in `locale`:
//   t('total')                      -> "Summe"
//   t('itemCount', { count: 5 })    -> "5 produktów": plural forms picked by Intl.PluralRules,
//                                      numbers written by Intl.NumberFormat
//   t('laneName', { zone: '7' })    -> "Kasse 7"
// A key no catalog has gives "" (nothing loaded yet), never the key itself.
export function translator(catalog, section, locale) {
  const texts = catalog?.[section] || {};
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, params = {}) => {
    let text = texts[key];
    if (text && typeof text === 'object') text = text[plurals.select(params.count ?? 0)] ?? text.other;
    if (typeof text !== 'string') return '';
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!(name in params)) return whole;
      const value = params[name];
      return typeof value === 'number' ? numbers.format(value) : String(value);
    });
  };
}

// Fills every element marked data-i18n="key" below `root` with its text.
export function applyTexts(root, t) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}
