/** Turns texts into vectors of one model; the vectors are L2-normalised, so a dot product is their cosine. */
export abstract class EmbeddingProvider {
  /** Stored beside each vector: a change of model (or of its dimension) makes the stored vectors stale. */
  abstract readonly model: string;
  abstract readonly dim: number;
  /** True when the vectors come from an outside service (its failures are worth retrying). */
  abstract readonly external: boolean;
  abstract embed(texts: string[]): Promise<number[][]>;
}

export class EmbeddingFailed extends Error {}

/** Scales a vector to length 1 (a zero vector stays zero). */
export function l2Normalize(vector: number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return vector.map(() => 0);
  const norm = Math.sqrt(sum);
  return vector.map((value) => value / norm);
}

/** Cosine of two L2-normalised vectors. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) sum += a[i] * b[i];
  return sum;
}
