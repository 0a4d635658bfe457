import type { Language } from './i18n-detect';

/** A timestamp from the API as the user's language writes a date and time. */
export function formatDateTime(iso: string, language: Language): string {
  return new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
}
