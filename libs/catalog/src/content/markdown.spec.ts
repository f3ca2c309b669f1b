import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders teaching Markdown: headings, lists, tables, links and platform images', () => {
    const html = renderMarkdown(
      [
        '## Landmarks',
        '',
        'Palpate the **PSIS**; see [the review](https://example.org/review).',
        '',
        '- prone position',
        '- sterile field',
        '',
        '| Site | Risk |',
        '| --- | --- |',
        '| Sternum | higher |',
        '',
        '![Pelvis](/media/0b5e55aa-1111-4222-8333-444455556666)',
      ].join('\n'),
    );
    expect(html).toContain('<h2>Landmarks</h2>');
    expect(html).toContain('<strong>PSIS</strong>');
    expect(html).toContain(
      '<a href="https://example.org/review" rel="noopener noreferrer nofollow">the review</a>',
    );
    expect(html).toContain('<li>prone position</li>');
    expect(html).toContain('<td>Sternum</td>');
    // A table scrolls within its own box on a phone, which the keyboard can reach.
    expect(html).toMatch(
      /<div class="table-scroll" tabindex="0" role="region" aria-label="Table 1"><table>[\s\S]*<\/table><\/div>/,
    );
    expect(html).toContain('<img src="/media/0b5e55aa-1111-4222-8333-444455556666" alt="Pelvis" />');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>Hello', /<script|alert\(1\)/],
    [
      'an inline event handler',
      '<img src="/media/0b5e55aa-1111-4222-8333-444455556666" onerror="alert(1)">',
      /onerror|alert/,
    ],
    ['a javascript: link', '[click](javascript:alert(1))', /javascript:/i],
    ['an encoded javascript: link', '<a href="jav&#x09;ascript:alert(1)">x</a>', /javascript|alert/i],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', /data:/],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', /iframe/],
    [
      'a style attribute and tag',
      '<p style="background:url(javascript:alert(1))">x</p><style>p{}</style>',
      /style|javascript/,
    ],
    ['an image from elsewhere', '![tracker](https://evil.example/pixel.png)', /evil\.example/],
    ['an svg with script', '<svg><script>alert(1)</script></svg>', /svg|script|alert/],
    ['a form', '<form action="https://evil.example"><input name="x"></form>', /form|input/],
  ])('removes %s', (_what, source, forbidden) => {
    expect(renderMarkdown(source)).not.toMatch(forbidden);
  });

  it('renders a text the same however often it comes back, and whatever was rendered between', () => {
    const lesson = (n: number) => `## Step ${n}\n\n| Needle | Depth |\n| --- | --- |\n| 11 G | ${n} cm |`;
    const first = renderMarkdown(lesson(1));
    expect(renderMarkdown(lesson(1))).toBe(first);
    // More texts than are kept: the first one's rendering has gone and is made again.
    const others = Array.from({ length: 400 }, (_, index) => renderMarkdown(lesson(index + 2)));
    expect(renderMarkdown(lesson(1))).toBe(first);
    expect(others[0]).toContain('2 cm');
    expect(others[399]).toContain('401 cm');
    expect(renderMarkdown(lesson(401))).toBe(others[399]);
  });
});
