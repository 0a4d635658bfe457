export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_KEY = 'mc.language';

/** The remembered choice wins; otherwise Chinese when the browser's first language asks for it, else English. */
export function detectLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (stored === 'en' || stored === 'zh') return stored;
  const first = browserLanguages.find((language) => language.trim() !== '');
  return first && /^zh\b/i.test(first) ? 'zh' : 'en';
}
