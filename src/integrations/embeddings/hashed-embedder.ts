import { Segmenter } from '../../core/text/segmenter';
import { EmbeddingProvider, l2Normalize } from './embedding-provider';

const WORD_WEIGHT = 1;
const NGRAM_WEIGHT = 0.5;

/** FNV-1a, 32 bits: fast and stable across processes and versions (the vectors are stored). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Character n-grams of a word: bigrams and trigrams with word boundaries (`#ab`, `ab#`). */
function ngramsOf(word: string): string[] {
  const chars = [...`#${word}#`];
  const grams: string[] = [];
  for (const size of [2, 3]) {
    for (let i = 0; i + size <= chars.length; i += 1) grams.push(chars.slice(i, i + size).join(''));
  }
  return grams;
}

/**
 * The built-in embedder used when no EMBEDDING_URL is set: the feature hashing of jieba words and of their
 * character n-grams into `dim` buckets (a sign bit halves the bias of collisions), L2-normalised. Texts
 * that share words or parts of words come out close; it knows nothing of meaning (同义词 such as 备份 and
 * 存档 stay apart), so "semantic" search with it is a fuzzy match on wording.
 */
export class HashedEmbedder extends EmbeddingProvider {
  readonly external = false;
  readonly model: string;

  constructor(readonly dim: number) {
    super();
    this.model = `builtin-hashed-v1`;
  }

  embed(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  embedOne(text: string): number[] {
    const vector = new Array<number>(this.dim).fill(0);
    const add = (feature: string, weight: number) => {
      const hash = fnv1a(feature);
      vector[hash % this.dim] += hash & 0x80000000 ? -weight : weight;
    };
    for (const word of Segmenter.words(text)) {
      add(`w:${word}`, WORD_WEIGHT);
      for (const gram of ngramsOf(word)) add(`g:${gram}`, NGRAM_WEIGHT);
    }
    return l2Normalize(vector);
  }
}
