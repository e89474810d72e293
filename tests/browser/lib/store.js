// Two example stores for the tests: the German kiosk of packaging/examples/pricing-de.json
// (prices include VAT, 0,25 € Pfand on drinks) and a New York store (sales tax on top).

import path from 'node:path';
import { kExamplesDir } from './daemon.js';
import { cartItem } from './payloads.js';

export const kGermanStore = {
  'display.store_name': 'Bäckerei Körner',
  'display.locale': 'de-DE',
  'display.idle_message': 'Einfach nehmen und gehen',
  'display.thank_you_message': 'Bis bald!',
  'display.background_color': '#102a43',
  'display.text_color': '#f0f4f8',
  'display.accent_color': '#f0b429',
  'display.thank_you_s': '3',
  'display.leave_grace_s': '30',
  'store.currency': 'EUR',
  'store.decimals': '2',
  'store.time_zone': 'Europe/Berlin',
  'pricing.rules_file': path.join(kExamplesDir, 'pricing-de.json'),
};

export const kNewYorkStore = {
  'display.store_name': 'Corner Market',
  'display.locale': 'en-US',
  'display.idle_message': 'Just walk out',
  'display.thank_you_message': 'Have a great day!',
  'display.thank_you_s': '3',
  'store.currency': 'USD',
  'store.decimals': '2',
  'pricing.rules_file': path.join(kExamplesDir, 'pricing-us.json'),
};

// Two colas (drinks: 19 % VAT and Pfand) and a rye bread (7 % VAT): 7,47 € with Pfand.
export function germanCart() {
  return [
    cartItem('4001', 'Cola 0,5 l', '1.49', 2, { taxCode: 'A', category: 'Getränke' }),
    cartItem('4002', 'Roggenbrot', '3.99', 1, { taxCode: 'B', category: 'Backwaren' }),
  ];
}
