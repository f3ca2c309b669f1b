import {
  barChart,
  CHART_COLOURS,
  columnChart,
  escapeXml,
  funnelChart,
  niceMaximum,
  wrapped,
} from './svg-charts';

/** Checks every tag closes in order (the charts are XML), answering the element names seen. */
function wellFormed(svg: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing) {
      expect(stack.pop()).toBe(name);
    } else {
      seen.push(name!);
      if (!selfClosing) {
        stack.push(name!);
      }
    }
  }
  expect(stack).toEqual([]);
  // Nothing but markup and escaped text: no raw ampersands or angle brackets in text.
  expect(svg.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#39);)/);
  return seen;
}

function attributes(svg: string, element: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${element} ([^>]*?)/?>`, 'g'))].map((match): Record<string, string> =>
    Object.fromEntries(
      [...match[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((pair): [string, string] => [pair[1]!, pair[2]!]),
    ),
  );
}

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('SVG charts', () => {
  const months = [
    { label: 'Jan 26', value: 4 },
    { label: 'Feb 26', value: 0 },
    { label: 'Mar 26', value: 10 },
  ];

  it('names the chart for assistive technology with its title and description', () => {
    const svg = columnChart({
      id: 'certificates',
      title: 'Certificates issued per month',
      description: '14 certificates from January to March 2026',
      data: months,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const [root] = attributes(svg, 'svg');
    expect(root).toMatchObject({
      role: 'img',
      'aria-labelledby': 'certificates-title',
      'aria-describedby': 'certificates-desc',
    });
    expect(svg).toContain('<title id="certificates-title">Certificates issued per month</title>');
    expect(svg).toContain('<desc id="certificates-desc">14 certificates from January to March 2026</desc>');
    expect(wellFormed(svg).slice(0, 3)).toEqual(['svg', 'title', 'desc']);
  });

  it('colours with presentation attributes only: the Content-Security-Policy refuses style attributes', () => {
    const all = [
      columnChart({ id: 'a', title: 't', description: 'd', data: months }),
      barChart({ id: 'b', title: 't', description: 'd', data: months }),
      funnelChart({ id: 'c', title: 't', description: 'd', stages: months }),
    ].join('');
    expect(all).not.toMatch(/style=|<style|<script|on[a-z]+=/i);
    expect(all).toContain(`fill="${CHART_COLOURS.brand}"`);
  });

  it('escapes every text it is given', () => {
    const svg = barChart({
      id: 'pass-rates',
      title: 'Pass rates <b>& more</b>',
      description: `"Quoted" and 'single'`,
      data: [{ label: '<i>x</i> & Co', value: 50, valueLabel: '50%' }],
      max: 100,
    });
    wellFormed(svg);
    expect(svg).toContain('Pass rates &lt;b&gt;&amp; more&lt;/b&gt;');
    expect(svg).toContain('&quot;Quoted&quot; and &#39;single&#39;');
    expect(svg).toContain('&lt;i&gt;x&lt;/i&gt; &amp; Co');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('draws column heights in proportion on a round scale, and a value over each bar', () => {
    const svg = columnChart({ id: 'columns', title: 't', description: 'd', data: months });
    const bars = attributes(svg, 'rect');
    // No bar for a zero month; the 10 reaches the top of a 0–10 scale, the 4 is 40% of it.
    expect(bars).toHaveLength(2);
    const [four, ten] = bars.map((bar) => Number(bar.height));
    expect(four! / ten!).toBeCloseTo(0.4, 2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0', '5', '10', 'Jan 26', 'Feb 26', 'Mar 26', '4']));
  });

  it('draws horizontal bars against the given maximum with their labels', () => {
    const svg = barChart({
      id: 'rates',
      title: 't',
      description: 'd',
      data: [
        { label: 'Landmarks', value: 100, valueLabel: '100%' },
        { label: 'Aspiration', value: 25, valueLabel: '25%' },
      ],
      max: 100,
    });
    const [full, quarter] = attributes(svg, 'rect').map((bar) => Number(bar.width));
    expect(quarter! / full!).toBeCloseTo(0.25, 2);
    expect(texts(svg)).toEqual(['Landmarks', '100%', 'Aspiration', '25%']);
  });

  it('wraps long labels on two lines and heads each group of rows with its name', () => {
    const svg = barChart({
      id: 'grouped',
      title: 't',
      description: 'd',
      data: [
        {
          label: 'Marrow Biology and Iliac Crest Anatomy',
          value: 81,
          valueLabel: '81%',
          group: 'Bone Marrow Harvesting',
        },
        { label: 'Aspiration', value: 39, valueLabel: '39%', group: 'Bone Marrow Harvesting' },
        { label: 'Indications', value: 93, valueLabel: '93%', group: 'Diagnostic Biopsy' },
      ],
      max: 100,
    });
    wellFormed(svg);
    expect(texts(svg)).toEqual([
      'Bone Marrow Harvesting',
      'Marrow Biology and',
      'Iliac Crest Anatomy',
      '81%',
      'Aspiration',
      '39%',
      'Diagnostic Biopsy',
      'Indications',
      '93%',
    ]);
    expect(wrapped('Performing the Examination and Handling the Specimens of the Marrow', 28)).toEqual([
      'Performing the Examination',
      'and Handling the Specimens…',
    ]);
  });

  it('draws a funnel of stages sized by their share of the first, joined by trapezoids', () => {
    const svg = funnelChart({
      id: 'funnel',
      title: 'Completion funnel',
      description: 'd',
      stages: [
        { label: 'Enrolled', value: 200 },
        { label: 'Modules passed', value: 150 },
        { label: 'Lab attended', value: 100 },
        { label: 'Certified', value: 90 },
      ],
    });
    wellFormed(svg);
    const widths = attributes(svg, 'rect').map((bar) => Number(bar.width));
    expect(widths.map((width) => Math.round((100 * width) / widths[0]!))).toEqual([100, 75, 50, 45]);
    expect(attributes(svg, 'polygon')).toHaveLength(3);
    expect(texts(svg)).toEqual([
      'Enrolled',
      '200 (100%)',
      'Modules passed',
      '150 (75%)',
      'Lab attended',
      '100 (50%)',
      'Certified',
      '90 (45%)',
    ]);
  });

  it('says when there is nothing to draw', () => {
    for (const svg of [
      columnChart({ id: 'a', title: 't', description: 'd', data: [{ label: 'Jan 26', value: 0 }] }),
      barChart({ id: 'b', title: 't', description: 'd', data: [] }),
      funnelChart({ id: 'c', title: 't', description: 'd', stages: [{ label: 'Enrolled', value: 0 }] }),
    ]) {
      wellFormed(svg);
      expect(texts(svg)).toContain('No data in this period');
    }
  });

  it('refuses ids that would not make valid, unique-looking element ids', () => {
    expect(() => columnChart({ id: 'bad id"', title: 't', description: 'd', data: [] })).toThrow(/Chart id/);
  });

  it('rounds axis maxima up to a round number close above', () => {
    expect([0, 0.3, 1, 3, 7, 10, 11, 23, 26, 240, 999].map(niceMaximum)).toEqual([
      1, 0.3, 1, 3, 8, 10, 15, 25, 30, 250, 1000,
    ]);
  });
});
