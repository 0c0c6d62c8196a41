/**
 * The message catalogue: every key a typed error or a schema can carry, in Indonesian
 * (first, messages-id.ts) and English (messages-en.ts). The API answers with these texts;
 * the web app's catalogue takes the same modules, so a person reads one wording for one
 * thing wherever they meet it. `{name}` placeholders are filled from the error's params.
 */
import { MESSAGES_EN } from './messages-en.js';
import { MESSAGES_ID, type MessageKey } from './messages-id.js';

export type { MessageKey };
export type Locale = 'id' | 'en';

interface Text {
  id: string;
  en: string;
}

/** Every key with its two texts, for the API (which answers in either language). */
export const MESSAGES = Object.fromEntries(
  (Object.keys(MESSAGES_ID) as MessageKey[]).map((key) => [key, { id: MESSAGES_ID[key], en: MESSAGES_EN[key] }]),
) as Record<MessageKey, Text>;

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/** The text of a key in a locale, with `{param}` filled in; unknown keys fall back to a generic text. */
export function message(key: string, locale: Locale = 'id', params: Record<string, string | number> = {}): string {
  const entry: Text = hasMessage(key) ? MESSAGES[key] : MESSAGES['invalid.field'];
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the locale from an Accept-Language header: English only when it is preferred. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'id';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    if (r.tag === 'id' || r.tag.startsWith('id-') || r.tag === 'in') return 'id';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return 'id';
}
