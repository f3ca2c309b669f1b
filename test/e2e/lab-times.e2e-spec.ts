import { FakeClock } from '@academy/core';
import { newPublishedCourse } from '../factories/courses';
import { bearerToken, newUser } from '../factories/users';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const NOW = new Date('2026-11-10T09:00:00Z');

/** How the labs API takes times: canonical zones only, in words naming the field. */
describe('lab times over the API', () => {
  const clock = new FakeClock(NOW);
  let testApp: TestApp;
  let headers: Record<string, string>;
  let courseId: string;
  let instructorId: string;

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
    courseId = (await newPublishedCourse(testApp.app)).courseId;
    instructorId = (await newUser(testApp.app, { roles: ['instructor'] })).id;
  });

  afterAll(() => testApp.close());

  beforeEach(() => clock.set(NOW));

  const schedule = (overrides: Record<string, unknown>) => {
    const startsAt = NOW.getTime() + 14 * DAY;
    return testApp.app.inject({
      method: 'POST',
      url: '/api/v1/admin/labs',
      headers,
      payload: {
        courseId,
        title: 'Bone marrow harvest skills lab',
        venueName: 'Midtown teaching centre',
        venueAddress: '1 Main St, New York, NY',
        timeZone: 'America/New_York',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
        capacity: 12,
        instructorIds: [instructorId],
        ...overrides,
      },
    });
  };

  it('refuses abbreviations and other non-canonical zones with a 400 naming the field', async () => {
    for (const timeZone of ['EST', 'PST', 'america/new_york', 'US/Eastern', 'Mars/Olympus']) {
      const response = await schedule({ timeZone });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json())).toContain('timeZone');
      expect(JSON.stringify(response.json())).toContain('IANA name, such as America/New_York');
    }
    const made = await schedule({ timeZone: 'America/New_York' });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ timeZone: 'America/New_York' });
  });
});
