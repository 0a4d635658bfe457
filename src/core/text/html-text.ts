/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENTS = ['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object'];
/** Elements that start a new line of text. */
const BLOCK_ELEMENTS =
  'address|article|aside|blockquote|br|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', middot: '·', bull: '•', deg: '°', times: '×', divide: '÷', euro: '€', yen: '¥', pound: '£',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? match;
  });
}

/**
 * The visible text of an HTML document: comments, CDATA and hidden elements (scripts, styles) go with their
 * content, block elements become line breaks, every other tag goes, entities are decoded. Tags are matched
 * with quoted attribute values taken whole, so a `>` inside an attribute does not end a tag early.
 */
export function htmlToText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ');
  for (const element of HIDDEN_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b(?:[^>"']|"[^"]*"|'[^']*')*>[\\s\\S]*?(?:<\\/${element}\\s*>|$)`, 'gi'), ' ');
  }
  text = text
    .replace(new RegExp(`<\\/?(?:${BLOCK_ELEMENTS})\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi'), '\n')
    .replace(/<\/?[a-z!?][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/gi, '')
    // what is left of a tag cut off at the end of the document
    .replace(/<[a-z!/?][^>]*$/i, '');
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
