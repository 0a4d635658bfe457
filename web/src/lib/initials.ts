/** Up to two initials of a name: the first letter of each word (digits and marks are skipped). */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => [...part].find((c) => /\p{L}/u.test(c)))
    .filter((c): c is string => c !== undefined)
    .slice(0, 2)
    .map((c) => c.toUpperCase())
    .join('');
}
