import { newNotification } from '../factories/notifications';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

interface NotificationBody {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

interface ListBody {
  items: NotificationBody[];
  total: number;
  unread: number;
}

describe('notifications: the inbox over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  const authorization = async (user: { email: string; password: string }) => ({
    authorization: `Bearer ${await bearerToken(testApp.app, user)}`,
  });

  it('lists only the caller’s own messages, with the unread count', async () => {
    const { app } = testApp;
    const learner = await newUser(app);
    const instructor = await newUser(app, { roles: ['instructor'] });
    const first = await newNotification(app, learner.id, { subject: 'Welcome', link: undefined });
    const second = await newNotification(app, learner.id, {
      kind: 'lab.booking_confirmed',
      subject: 'Seat booked',
    });
    await newNotification(app, instructor.id, { subject: 'Roster changed' });

    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me/notifications',
      headers: await authorization(learner),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<ListBody>();
    expect(body.total).toBe(2);
    expect(body.unread).toBe(2);
    expect(body.items.map((item) => item.id).sort()).toEqual([first, second].sort());
    expect(body.items.map((item) => item.subject)).not.toContain('Roster changed');
    expect(body.items.find((item) => item.id === second)).toEqual({
      id: second,
      kind: 'lab.booking_confirmed',
      subject: 'Seat booked',
      body: expect.any(String),
      link: '/learning',
      createdAt: expect.any(String),
      readAt: null,
    });
    expect(body.items.find((item) => item.id === first)!.link).toBeNull();

    const instructorList = await app.inject({
      method: 'GET',
      url: '/api/v1/me/notifications',
      headers: await authorization(instructor),
    });
    expect(instructorList.json<ListBody>()).toMatchObject({
      total: 1,
      items: [{ subject: 'Roster changed' }],
    });
  });

  it('marks the caller’s message read, and answers 404 for anyone else’s', async () => {
    const { app } = testApp;
    const owner = await newUser(app);
    const other = await newUser(app);
    const id = await newNotification(app, owner.id);

    const stranger = await app.inject({
      method: 'POST',
      url: `/api/v1/me/notifications/${id}/read`,
      headers: await authorization(other),
    });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json()).toMatchObject({
      statusCode: 404,
      code: 'NOTIFICATION_NOT_FOUND',
      message: 'You have no notification with this id.',
    });

    const headers = await authorization(owner);
    const read = await app.inject({ method: 'POST', url: `/api/v1/me/notifications/${id}/read`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json<NotificationBody>()).toMatchObject({ id, readAt: expect.any(String) });
    const list = await app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers });
    expect(list.json<ListBody>()).toMatchObject({
      total: 1,
      unread: 0,
      items: [{ id, readAt: expect.any(String) }],
    });
  });

  it('pages through the inbox with limit and offset, the counts covering all of it', async () => {
    const { app } = testApp;
    const user = await newUser(app);
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) {
      ids.push(await newNotification(app, user.id, { subject: `Message ${n} of 5` }));
    }
    const headers = await authorization(user);
    const page = async (query: string) =>
      (
        await app.inject({ method: 'GET', url: `/api/v1/me/notifications?${query}`, headers })
      ).json<ListBody>();

    const firstPage = await page('limit=2&offset=0');
    const secondPage = await page('limit=2&offset=2');
    const lastPage = await page('limit=2&offset=4');
    expect([firstPage.total, secondPage.total, lastPage.total]).toEqual([5, 5, 5]);
    expect([firstPage.unread, lastPage.unread]).toEqual([5, 5]);
    expect([firstPage.items.length, secondPage.items.length, lastPage.items.length]).toEqual([2, 2, 1]);
    const seen = [...firstPage.items, ...secondPage.items, ...lastPage.items].map((item) => item.id);
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual([...ids].sort());
    expect((await page('limit=2&offset=10')).items).toEqual([]);
  });

  it('shows the inbox page with unread messages highlighted, and marks one read from its form', async () => {
    const { app } = testApp;
    const user = await newUser(app);
    const other = await newUser(app);
    const id = await newNotification(app, user.id, { subject: 'Your lab seat is booked', link: '/learning' });
    const othersId = await newNotification(app, other.id, { subject: 'Not for you' });
    const session = await new BrowserSession(app).signIn(user);

    const page = await session.request('GET', '/inbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 id="inbox-heading">Inbox</h1>');
    expect(page.body).toContain('<a href="/inbox" aria-current="page">Inbox</a>');
    expect(page.body).toMatch(new RegExp(`id="notification-${id}" class="inbox-item unread"`));
    expect(page.body).toContain('<span class="tag">New</span> Your lab seat is booked');
    expect(page.body).toContain('<a href="/learning" aria-label="Open: Your lab seat is booked">Open</a>');
    expect(page.body).not.toContain('Not for you');

    const marked = await session.submit(`/inbox/${id}/read`, { page: '1' });
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe(`/inbox?read=1#notification-${id}`);
    const after = await session.request('GET', '/inbox?read=1');
    expect(after.body).toContain('Marked as read.');
    expect(after.body).toMatch(new RegExp(`id="notification-${id}" class="inbox-item"`));
    expect(after.body).not.toContain(`action="/inbox/${id}/read"`);

    const someoneElses = await session.submit(`/inbox/${othersId}/read`);
    expect(someoneElses.statusCode).toBe(404);
  });

  it('pages the inbox page twenty messages at a time', async () => {
    const { app } = testApp;
    const user = await newUser(app);
    for (let n = 1; n <= 21; n++) {
      await newNotification(app, user.id, { subject: `Bulletin ${n}` });
    }
    const session = await new BrowserSession(app).signIn(user);
    const first = await session.request('GET', '/inbox');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body.match(/class="inbox-item/g)).toHaveLength(20);
    // Handlebars writes "=" in attributes as "&#x3D;", which browsers read back as "=".
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replaceAll('&#x3D;', '=');
    expect(next).toBe('/inbox?page=2');
    const second = await session.request('GET', '/inbox?page=2');
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body.match(/class="inbox-item/g)).toHaveLength(1);
    expect(second.body).toContain('href="/inbox" rel="prev"');
    expect(second.body).not.toContain('rel="next"');
  });
});
