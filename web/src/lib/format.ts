import { useMemo } from 'react';
import { useI18n } from './i18n';
import type { Language } from './i18n-detect';

/** Numbers, money, hours and times written the way the chosen language writes them. */
export function formatters(language: Language) {
  const locale = language === 'zh' ? 'zh-CN' : 'en';
  const count = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    count: (n: number) => count.format(n),
    /** 12.3K / 1.2万: for tokens and chart axes */
    compact: (n: number) => compact.format(n),
    usd: (n: number) => usd.format(n),
    hours: (n: number | null) => (n === null ? '–' : hours.format(n)),
    time: (iso: string) => time.format(new Date(iso)),
    /** a UTC day, 2026-11-21 */
    day: (date: string) => day.format(new Date(`${date}T00:00:00Z`)),
    /** how long ago, to the coarsest unit that fits; null under ten seconds */
    ago(iso: string, now = Date.now()): string | null {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      if (Math.abs(seconds) < 10) return null;
      if (Math.abs(seconds) < 60) return relative.format(seconds, 'second');
      const minutes = Math.round(seconds / 60);
      if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
      const hoursAgo = Math.round(minutes / 60);
      if (Math.abs(hoursAgo) < 24) return relative.format(hoursAgo, 'hour');
      return relative.format(Math.round(hoursAgo / 24), 'day');
    },
  };
}

export function useFormat() {
  const { language } = useI18n();
  return useMemo(() => formatters(language), [language]);
}
