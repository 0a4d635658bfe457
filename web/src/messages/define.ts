/** One area's messages: the Chinese set must have exactly the English keys (the compiler checks it). */
export function defineMessages<E extends Record<string, string>>(en: E, zh: Record<keyof E, string>): { en: E; zh: Record<keyof E, string> } {
  return { en, zh };
}
