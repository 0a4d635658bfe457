const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}_]+/gu;
const CONTEXT_BEFORE = 40;
const SNIPPET_CHARS = 160;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A rough English stem, enough to mark `backups` for the query `backup` (the index uses PostgreSQL's real stemmer). */
export function lightStem(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.length > 5 && lower.endsWith('ing')) return lower.slice(0, -3);
  if (lower.length > 4 && lower.endsWith('ed')) return lower.slice(0, -2);
  if (lower.length > 3 && lower.endsWith('es')) return lower.slice(0, -2);
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return lower.slice(0, -1);
  return lower;
}

/** Where the terms occur in the text: Chinese terms as substrings, other terms as whole words (by stem). */
function matchesIn(text: string, terms: string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const lower = text.toLowerCase();
  const stems = new Set(terms.filter((term) => !HAN.test(term)).map(lightStem));
  for (const term of terms.filter((candidate) => HAN.test(candidate))) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  if (stems.size > 0) {
    for (const match of text.matchAll(WORD)) {
      if (stems.has(lightStem(match[0]))) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * A short, HTML-escaped piece of the first text that contains a query term, the terms in `<mark>`…`</mark>`;
 * without a match (a semantic hit), the start of the first non-empty text.
 */
export function snippetOf(texts: string[], terms: string[]): string {
  for (const raw of texts) {
    const text = raw.replace(/\s+/g, ' ').trim();
    const ranges = matchesIn(text, terms);
    if (ranges.length === 0) continue;
    const start = Math.max(0, ranges[0][0] - CONTEXT_BEFORE);
    const end = Math.min(text.length, start + SNIPPET_CHARS);
    let out = start > 0 ? '…' : '';
    let at = start;
    for (const [from, to] of ranges) {
      if (from >= end) break;
      if (from < at) continue;
      out += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, Math.min(to, end)))}</mark>`;
      at = Math.min(to, end);
    }
    out += escapeHtml(text.slice(at, end));
    return end < text.length ? `${out}…` : out;
  }
  const first = texts.map((text) => text.replace(/\s+/g, ' ').trim()).find(Boolean) ?? '';
  return escapeHtml(first.slice(0, SNIPPET_CHARS)) + (first.length > SNIPPET_CHARS ? '…' : '');
}
