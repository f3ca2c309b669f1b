import { createHandlebars } from './views';

describe('the date helpers of every page', () => {
  const handlebars = createHandlebars();
  const reader = { zone: 'Europe/Berlin', zoneKnown: true, now: new Date('2026-11-21T09:00:00Z') };

  it('says a date in the reader’s words and zone, marked up as a time', () => {
    const html = handlebars.compile('{{when at}}')({ at: new Date('2026-11-21T14:05:00Z'), reader });
    expect(html).toBe('<time datetime="2026-11-21T14:05:00.000Z">3:05 pm today</time>');
  });

  it('shows a view model’s own field of the same name instead of failing the page', () => {
    const render = handlebars.compile('{{#each labs}}<p>{{when}} · {{day}}</p>{{/each}}');
    const html = render({ labs: [{ when: 'Tuesday 1 December, 9:00 am <CET>', day: 'Tuesday' }], reader });
    expect(html).toBe('<p>Tuesday 1 December, 9:00 am &lt;CET&gt; · Tuesday</p>');
  });

  it('shows nothing for a field of that name the view model does not have', () => {
    expect(handlebars.compile('<p>{{date}}</p>')({ reader })).toBe('<p></p>');
  });
});
