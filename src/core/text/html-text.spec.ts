import { htmlToText } from './html-text';

describe('htmlToText', () => {
  it('keeps visible text, drops scripts, styles and comments, and decodes entities', () => {
    const html = '<html><head><title>t</title><style>p{}</style></head><body><!-- hidden --><script>var a = "<p>x</p>";</script><p>监控&amp;告警 &#x4e2d;&#25991;</p><div>second</div></body></html>';
    expect(htmlToText(html)).toBe('监控&告警 中文\nsecond');
  });

  it('does not end a tag at a > inside a quoted attribute', () => {
    expect(htmlToText('<a title="a > b" href=\'x\'>link</a> text')).toBe('link text');
  });

  it('drops a tag cut off at the end', () => {
    expect(htmlToText('text <img src="x')).toBe('text');
  });
});
