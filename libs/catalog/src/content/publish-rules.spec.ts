import { sampleContent } from '../../../../test/factories/course-content';
import { unmetPublishRules } from './publish-rules';

const NOW = new Date('2026-11-21T12:00:00Z');

describe('unmetPublishRules', () => {
  it('finds nothing wrong with complete content', () => {
    expect(unmetPublishRules(sampleContent(), NOW)).toEqual([]);
  });

  it('reports every unmet rule at once', () => {
    const content = sampleContent({
      summary: '',
      targetAudience: ' ',
      credits: [],
      accreditationStatement: '',
      people: [],
      expiryDate: undefined,
      releaseDate: undefined,
      modules: [],
    });
    expect(
      unmetPublishRules(content, NOW)
        .map((unmet) => unmet.rule)
        .sort(),
    ).toEqual(
      [
        'accreditationStatement',
        'credits',
        'disclosures',
        'expiryDate',
        'modules',
        'releaseDate',
        'summary',
        'targetAudience',
      ].sort(),
    );
  });

  it.each<[string, (content: ReturnType<typeof sampleContent>) => void, string]>([
    [
      'a module without objectives',
      (c) => (c.modules[0]!.objectives = []),
      'needs at least one learning objective',
    ],
    ['a module without lessons', (c) => (c.modules[1]!.lessons = []), 'needs at least one lesson'],
    [
      'an image without a description',
      (c) => (c.modules[0]!.lessons[0]!.markdown += '\n\n![ ](/media/3f1c2a4e-0000-4000-8000-000000000000)'),
      'has an image without a description (alt text)',
    ],
    [
      'a video link without captions',
      (c) => (c.modules[0]!.lessons[0]!.videoUrl = 'https://videos.example.org/harvest.mp4'),
      'links a video without captions. Add the video in the lesson’s Video section',
    ],
    ['credit not in 0.25 steps', (c) => (c.credits[0]!.max = 1.3), 'multiple of 0.25'],
    ['a credit type twice', (c) => c.credits.push({ ...c.credits[0]! }), 'designated once'],
    [
      'a disclosure older than 24 months',
      (c) => (c.people[0]!.disclosure.disclosedOn = '2024-11-20'),
      'older than 24 months',
    ],
    [
      'an unmitigated relationship',
      (c) =>
        c.people[0]!.disclosure.relationships.push({ company: 'Acme Biologics', nature: 'Speaker fees' }),
      'record how the relevant financial relationships (Acme Biologics) were mitigated',
    ],
    [
      'a relationship that ended before the 24 months of the disclosure',
      (c) => {
        c.people[0]!.disclosure.relationships.push({
          company: 'Acme Biologics',
          nature: 'Speaker fees',
          endedOn: '2024-05-31',
          relevant: false,
        });
      },
      'ended on 31 May 2024, more than 24 months before the disclosure of 1 June 2026',
    ],
    ['expiry more than three years on', (c) => (c.expiryDate = '2029-09-02'), 'at most three years'],
    [
      'expiry before release',
      (c) => ((c.releaseDate = '2027-06-01'), (c.expiryDate = '2027-05-01')),
      'after the release date',
    ],
    [
      'an expiry in the past',
      (c) => ((c.releaseDate = '2023-01-01'), (c.expiryDate = '2025-12-31')),
      'has passed',
    ],
  ])('reports %s', (_what, change, message) => {
    const content = sampleContent();
    change(content);
    const unmet = unmetPublishRules(content, NOW);
    expect(unmet).toHaveLength(1);
    expect(unmet[0]!.message).toContain(message);
  });

  it('accepts a disclosure exactly 24 months old and a mitigated relationship', () => {
    const content = sampleContent();
    content.people[0]!.disclosure = {
      disclosedOn: '2024-11-21',
      relationships: [{ company: 'Acme Biologics', nature: 'Consulting' }],
      mitigation: 'Peer reviewed by a planner without relationships.',
    };
    expect(unmetPublishRules(content, NOW)).toEqual([]);
  });

  it('needs no mitigation for relationships unrelated to the content, ongoing or ended within the window', () => {
    const content = sampleContent();
    content.people[0]!.disclosure.relationships = [
      { company: 'Acme Biologics', nature: 'Stock', relevant: false },
      { company: 'Orbis Devices', nature: 'Speaker fees', endedOn: '2024-06-01', relevant: false },
    ];
    expect(unmetPublishRules(content, NOW)).toEqual([]);
  });

  it('reads date-only rules on the academy’s calendar: an expiry of today is good until the day ends there', () => {
    const content = sampleContent({ releaseDate: '2024-01-01', expiryDate: '2026-11-21' });
    // 21 November, 15:00 in New York, already 22 November in UTC.
    const afternoon = new Date('2026-11-22T01:00:00Z');
    expect(unmetPublishRules(content, afternoon, undefined, 'America/New_York')).toEqual([]);
    expect(unmetPublishRules(content, afternoon, undefined, 'UTC')[0]?.message).toBe(
      'The expiry date has passed.',
    );
    // The day ends at midnight in New York.
    expect(
      unmetPublishRules(content, new Date('2026-11-22T05:00:00Z'), undefined, 'America/New_York')[0]?.message,
    ).toBe('The expiry date has passed.');
    // A disclosure dated tomorrow in Sydney is not in the future there.
    content.releaseDate = '2026-09-01';
    content.expiryDate = '2027-12-31';
    content.people[0]!.disclosure.disclosedOn = '2026-11-22';
    expect(unmetPublishRules(content, afternoon, undefined, 'Australia/Sydney')).toEqual([]);
    expect(unmetPublishRules(content, afternoon, undefined, 'America/New_York')[0]?.message).toContain(
      'dated in the future',
    );
  });
});
