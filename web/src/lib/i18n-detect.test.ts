import { describe, expect, it } from 'vitest';
import { detectLanguage } from './i18n-detect';
import { messages } from './messages';

describe('language detection', () => {
  it('keeps the remembered choice', () => {
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('zh', ['en-US'])).toBe('zh');
  });
  it('starts in Chinese when the browser asks for Chinese first', () => {
    expect(detectLanguage(null, ['zh-CN', 'en'])).toBe('zh');
    expect(detectLanguage(null, ['zh-Hant-TW'])).toBe('zh');
    expect(detectLanguage(null, ['ZH'])).toBe('zh');
  });
  it('starts in English otherwise, and ignores unknown stored values', () => {
    expect(detectLanguage(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLanguage('fr', ['de'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
});

describe('messages', () => {
  it('has every English message in Chinese', () => {
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
    for (const text of Object.values(messages.zh)) expect(text.trim()).not.toBe('');
  });
});
