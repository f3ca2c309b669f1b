import { sampleContent } from '../factories/course-content';
import { newReadyDraft } from '../factories/courses';
import { multipartFile, tinyPng } from '../factories/images';
import { newFailedEmail } from '../factories/notifications';
import { bearerToken, newUser, TEST_PASSWORD } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

describe('admin pages', () => {
  let testApp: TestApp;
  let admin: BrowserSession;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await new BrowserSession(testApp.app).signIn(await newUser(testApp.app, { roles: ['admin'] }));
  });

  afterAll(() => testApp.close());

  it('refuses a lesson image without its description, and puts the description in the lesson', async () => {
    const draft = await newReadyDraft(testApp.app);
    const lesson = sampleContent().modules[0]!.lessons[0]!;
    const page = `/admin/courses/${draft.courseId}/modules/${sampleContent().modules[0]!.id}/lessons/${lesson.id}`;
    const csrf = await admin.csrfToken(page);
    const send = (fields: Record<string, string>) =>
      admin.upload(
        `${page}/image?_csrf=${encodeURIComponent(csrf)}`,
        multipartFile('file', 'crest.png', 'image/png', tinyPng(21), {
          revision: String(draft.revision),
          ...fields,
        }),
      );
    const refused = await send({ alt: '   ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'Describe what the image shows (its alt text), for readers who cannot see it.',
    );
    const saved = await send({ alt: 'Posterior iliac crest, prone' });
    expect(saved.statusCode).toBe(303);
    expect((await admin.request('GET', page)).body).toContain('![Posterior iliac crest, prone](/media/');
  });

  it('adds a staff account with the chosen roles, who can then sign in', async () => {
    const created = await admin.submit('/admin/users', {
      fullName: 'Dr Lab Instructor',
      email: 'lab.instructor@academy.example',
      password: TEST_PASSWORD,
      roles: ['instructor', 'verifier'],
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/users?created=lab.instructor%40academy.example');
    expect((await admin.request('GET', String(created.headers.location))).body).toContain(
      'Account lab.instructor@academy.example created.',
    );
    const token = await bearerToken(testApp.app, {
      email: 'lab.instructor@academy.example',
      password: TEST_PASSWORD,
    });
    const me = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ fullName: 'Dr Lab Instructor', roles: ['instructor', 'verifier'] });
  });

  it('shows the problem next to the field and keeps what was typed', async () => {
    const again = await admin.submit('/admin/users', {
      fullName: 'Dr Duplicate',
      email: 'LAB.INSTRUCTOR@academy.example',
      password: TEST_PASSWORD,
      roles: ['instructor'],
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('An account with this e-mail address already exists.');
    expect(again.body).toContain('value="Dr Duplicate"');
    expect(again.body).not.toContain(TEST_PASSWORD);

    const noRole = await admin.submit('/admin/users', {
      fullName: 'Dr No Role',
      email: 'norole@academy.example',
      password: 'x',
    });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.body).toContain('Must be 8 to 128 characters.');
    expect(noRole.body).toContain('Must name at least one role.');
  });

  it('refuses to take the admin role from the last admin, with the reason on the page', async () => {
    const users = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/admin/users?limit=100',
      headers: {
        authorization: `Bearer ${await bearerToken(testApp.app, await newUser(testApp.app, { roles: ['admin'] }))}`,
      },
    });
    const admins = users
      .json<{ items: { id: string; roles: string[] }[] }>()
      .items.filter((user) => user.roles.includes('admin'));
    const [keep, ...others] = admins;
    for (const other of others) {
      expect((await admin.submit(`/admin/users/${other.id}/roles`, { roles: ['learner'] })).statusCode).toBe(
        303,
      );
    }
    const refused = await admin.submit(`/admin/users/${keep!.id}/roles`, { roles: ['learner'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('The last admin cannot lose the admin role.');
  });

  it('lists the e-mail given up with the server’s reason, and sends one again once', async () => {
    const recipient = await newUser(testApp.app, { fullName: 'Dr Moved Away' });
    const outboxId = await newFailedEmail(testApp.app, recipient.id);
    const list = await admin.request('GET', '/admin/emails');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Dr Moved Away');
    expect(list.body).toContain(recipient.email);
    expect(list.body).toContain('550 Mailbox unavailable');

    const retried = await admin.submit(`/admin/emails/${outboxId}/retry`, {});
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe('/admin/emails?retried=1');
    const after = await admin.request('GET', '/admin/emails?retried=1');
    expect(after.body).toContain('Queued for another attempt.');
    expect(after.body).not.toContain(recipient.email);
    // Already queued: a second retry names the problem.
    const again = await admin.submit(`/admin/emails/${outboxId}/retry`, {});
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('There is no given-up e-mail with this id');
  });
});
