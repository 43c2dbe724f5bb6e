/**
 * Vietnamese is the default language; English is the second. Server-side texts (problem titles,
 * CLI messages shown to users) are pairs; the request's Accept-Language picks one.
 */
export type Lang = 'vi' | 'en';
export type Text = Record<Lang, string>;

export const DEFAULT_LANG: Lang = 'vi';

/** Picks vi or en from an Accept-Language header by quality; anything else falls back to Vietnamese. */
export function negotiate(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return DEFAULT_LANG;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'vi' || lang === 'en') return lang;
  return DEFAULT_LANG;
}

export function t(text: Text, lang: Lang): string {
  return text[lang] ?? text[DEFAULT_LANG];
}
