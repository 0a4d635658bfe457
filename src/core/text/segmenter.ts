import type { Jieba } from '@node-rs/jieba';

// one dictionary for the process, loaded on first use: it takes ~100 ms and ~30 MB that a service whose
// knowledge base is never searched or written should not pay at start
let shared: Jieba | undefined;
const jieba = (): Jieba => {
  if (shared) return shared;
  const { Jieba: Segmentation } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
  return (shared = Segmentation.withDict(dict));
};

/** A piece worth indexing: has a letter or a digit (not whitespace or punctuation). */
const WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu;

export const MAX_QUERY_TERMS = 16;

/**
 * Chinese word segmentation (jieba). Indexing uses search mode (`cutForSearch`: 数据库 also yields 数据), so a
 * query word that is part of a longer word still matches; queries use the precise mode (`cut`).
 */
export const Segmenter = {
  /** The words of a text for the `simple` text-search configuration, lower-cased and separated by spaces. */
  forIndex(text: string): string {
    return jieba()
      .cutForSearch(text, true)
      .filter((piece) => WORD.test(piece))
      .map((piece) => piece.toLowerCase())
      .join(' ');
  },

  /** The distinct words of a query (at most MAX_QUERY_TERMS), lower-cased, in order. */
  queryTerms(text: string): string[] {
    const terms = jieba()
      .cut(text, true)
      .map((piece) => piece.trim().toLowerCase())
      .filter((piece) => WORD.test(piece));
    return [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
  },

  /** Every piece of the text in order, whitespace and punctuation included (they join back to the text). */
  pieces(text: string): string[] {
    return jieba().cut(text, true);
  },

  /** The words of a text (precise mode), lower-cased. */
  words(text: string): string[] {
    return jieba()
      .cut(text, true)
      .filter((piece) => WORD.test(piece))
      .map((piece) => piece.toLowerCase());
  },

  /** The text without its Chinese runs: what the `english` configuration should stem. */
  latinPart(text: string): string {
    return text.replace(HAN_RUN, ' ');
  },

  hasHan(text: string): boolean {
    return HAN.test(text);
  },
};
