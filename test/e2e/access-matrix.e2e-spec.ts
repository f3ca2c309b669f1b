import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { enrolReady, finishCourse } from '../factories/enrolments';
import { LearningService } from '@academy/learning';
import { COURSE_DOCUMENT_FORMAT, MediaService } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse, newReadyDraft, newSlug } from '../factories/courses';
import { multipartFile, tinyPng } from '../factories/images';
import {
  boardReportBatch,
  readyBoardReport,
  rejectedBoardReport,
  resultFile,
} from '../factories/board-reports';
import { learnerMidQuiz, newCohort } from '../factories/learner-support';
import { learnerOutsideCredit, outsideCreditBody, tinyPdf } from '../factories/outside-credits';
import { declaredRoutes } from '../support/routes';
import {
  newConfirmationToken,
  newResetToken,
  newUser,
  nextTotpCode,
  signUpBody,
  TEST_PASSWORD,
  unconfirmEmail,
} from '../factories/users';
import type { TestUser } from '../factories/users';
import { AttemptsService } from '@academy/assessment';
import {
  ApiKeysService,
  AuthService,
  newTotpSecret,
  SessionsService,
  totpCodeAt,
  TwoFactorService,
  UsersService,
} from '@academy/identity';
import { newPasskey, SoftPasskey } from '../factories/passkeys';
import { randomUUID } from 'node:crypto';
import { newQuestionBank } from '../factories/questions';
import { newFailedEmail, newNotification } from '../factories/notifications';
import { Clock, Database } from '@academy/core';
import { labOfCourse, learnerBooking, seatOnRoster } from '../factories/labs';
import { certifiedLearner } from '../factories/certificates';
import { organisationKey, verifierOrganisation } from '../factories/verifiers';
import { IssuerKeys, newCertificateNumber, WalletExchangesService } from '@academy/certificates';
import { completedCourse } from '../factories/completion';
import { BrowserSession } from '../support/http-client';
import { courseWithLessonMedia, multipartBody, tinyMp4, webVtt } from '../factories/media';
import { createTestApp, TestApp } from '../support/test-app';
import {
  Audience,
  JSON_ROUTES,
  newAccmeActivityId,
  openAttemptQuestion,
  publishedVersionId,
} from './json-routes';
import { callerFor, PrincipalName, PRINCIPALS } from './principals';

type Outcome = 'allow' | 'unauthenticated' | 'forbidden';

/** What each principal gets from a route of each audience. */
function expected(audience: Audience, principal: PrincipalName): Outcome {
  switch (audience) {
    case 'public':
      return 'allow';
    case 'authenticated':
      return principal === 'anonymous' || principal === 'apiKey' ? 'unauthenticated' : 'allow';
    case 'admin':
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'admin' ? 'allow' : 'forbidden';
    case 'learner':
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'learner' ? 'allow' : 'forbidden';
    case 'holder':
      // A certificate's files: its holder (a learner) or an admin.
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'learner' || principal === 'admin' ? 'allow' : 'forbidden';
    case 'instructor':
      // Instructors run their labs; admins may run any.
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'instructor' || principal === 'admin' ? 'allow' : 'forbidden';
    case 'verifier':
      // A verifier organisation's people; admins see organisations on their own pages.
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'verifier' ? 'allow' : 'forbidden';
    case 'apiKey':
      return principal === 'apiKey' ? 'allow' : 'unauthenticated';
    case 'lessonReader':
      // A lesson's media: its enrolled learners, and staff, who may see every lesson.
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return ['learner', 'admin', 'instructor'].includes(principal) ? 'allow' : 'forbidden';
  }
}

function outcomeOf(status: number, location?: string): Outcome {
  // Pages send a visitor who must sign in to /login?next=…; a sign-up goes on to /login?registered=1.
  if (status === 401 || (status === 303 && location?.startsWith('/login?next='))) {
    return 'unauthenticated';
  }
  if (status === 403) {
    return 'forbidden';
  }
  expect(status).toBeLessThan(500);
  return 'allow';
}

interface PageRoute {
  method: 'GET' | 'POST';
  path: string;
  audience: Exclude<Audience, 'apiKey'>;
  /** Builds the URL of a GET page that needs data (a published course), for the signed-in user if any. */
  url?: (app: NestFastifyApplication, user: TestUser | undefined) => Promise<string>;
  /** A form that needs the signed-in user's own data (an enrolment, an attempt). */
  formFor?: (
    app: NestFastifyApplication,
    user: TestUser | undefined,
  ) => Promise<{ url: string; form: Record<string, string | string[]> }>;
  /** A multipart form (an upload); its CSRF token travels in the URL. */
  multipart?: (
    app: NestFastifyApplication,
  ) => Promise<{ url: string; revision: number; file: { payload: Buffer; contentType: string } }>;
  form?: (app: NestFastifyApplication) => Promise<{ url: string; form: Record<string, string | string[]> }>;
}

/** A new batch's result file, every row accepted, naming its batch in a column (as the page's upload may). */
async function batchResults(app: NestFastifyApplication): Promise<string> {
  const batch = await boardReportBatch(app);
  return resultFile(batch.content, { batchNumber: batch.batch.number });
}

/** Takes the account's authenticator app away (as if removed earlier), so one may be set up. */
async function withoutApp(app: NestFastifyApplication, user: TestUser | undefined): Promise<void> {
  if (user) {
    await app.get(Database).execute(`DELETE FROM totp_factor WHERE user_id = $1`, [user.id]);
  }
}

/** Every page route, with a valid form for those that take one. */
const PAGE_ROUTES: PageRoute[] = [
  { method: 'GET', path: '/', audience: 'public' },
  { method: 'GET', path: '/signup', audience: 'public' },
  { method: 'GET', path: '/courses', audience: 'public' },
  {
    method: 'GET',
    path: '/courses/{slug}',
    audience: 'public',
    url: async (app) => `/courses/${(await newPublishedCourse(app)).slug}`,
  },
  {
    method: 'POST',
    path: '/signup',
    audience: 'public',
    form: async () => ({ url: '/signup', form: signUpBody() as Record<string, string> }),
  },
  { method: 'GET', path: '/login', audience: 'public' },
  {
    method: 'POST',
    path: '/login',
    audience: 'public',
    form: async (app) => {
      const user = await newUser(app);
      return { url: '/login', form: { email: user.email, password: user.password, next: '/' } };
    },
  },
  { method: 'POST', path: '/logout', audience: 'public', form: async () => ({ url: '/logout', form: {} }) },
  { method: 'GET', path: '/profile/devices', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/profile/devices/{id}/sign-out',
    audience: 'authenticated',
    formFor: async (app, user) => {
      // Another device of the caller's (or of someone, for a caller with no account).
      const owner = user ?? (await newUser(app));
      const other = await app.get(SessionsService).issue(owner.id, 'web');
      return { url: `/profile/devices/${other.session.id}/sign-out`, form: {} };
    },
  },
  {
    method: 'POST',
    path: '/profile/devices/sign-out-others',
    audience: 'authenticated',
    form: async () => ({ url: '/profile/devices/sign-out-others', form: {} }),
  },
  {
    method: 'POST',
    path: '/login/second-factor',
    audience: 'public',
    form: async (app) => {
      const user = await newUser(app, { secondFactor: true });
      const started = await app.get(AuthService).beginWebSignIn(user.email, user.password);
      const pendingToken = 'pending' in started ? started.pending.token : '';
      return {
        url: '/login/second-factor',
        form: { pendingToken, code: await nextTotpCode(app, user), next: '/' },
      };
    },
  },
  {
    method: 'POST',
    path: '/login/passkey/options',
    audience: 'public',
    form: async () => ({ url: '/login/passkey/options', form: {} }),
  },
  {
    method: 'POST',
    path: '/login/passkey',
    audience: 'public',
    form: async (app) => {
      const { passkey } = await newPasskey(app, (await newUser(app)).id);
      const ceremony = await app.get(TwoFactorService).passkeySignIn(null);
      const response = JSON.stringify(passkey.authenticate(ceremony.options));
      return { url: '/login/passkey', form: { challengeId: ceremony.challengeId, response, next: '/' } };
    },
  },
  { method: 'GET', path: '/profile/two-factor', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/profile/two-factor/totp',
    audience: 'authenticated',
    formFor: async (app, user) => {
      await withoutApp(app, user);
      return { url: '/profile/two-factor/totp', form: {} };
    },
  },
  {
    method: 'POST',
    path: '/profile/two-factor/totp/confirm',
    audience: 'authenticated',
    formFor: async (app, user) => {
      await withoutApp(app, user);
      const code = user
        ? totpCodeAt((await app.get(TwoFactorService).startTotp(user.id)).secret, new Date())
        : '123456';
      return { url: '/profile/two-factor/totp/confirm', form: { code } };
    },
  },
  {
    method: 'POST',
    path: '/profile/two-factor/totp/remove',
    audience: 'authenticated',
    formFor: async (app, user) => {
      if (user) {
        // Another factor stays (admins and verifiers must keep one), and the app to remove is there.
        await newPasskey(app, user.id);
        await app.get(TwoFactorService).enrolTotpWithSecret(user.id, newTotpSecret());
      }
      return { url: '/profile/two-factor/totp/remove', form: { currentPassword: TEST_PASSWORD } };
    },
  },
  {
    method: 'POST',
    path: '/profile/two-factor/passkeys/options',
    audience: 'authenticated',
    form: async () => ({ url: '/profile/two-factor/passkeys/options', form: {} }),
  },
  {
    method: 'POST',
    path: '/profile/two-factor/passkeys',
    audience: 'authenticated',
    formFor: async (app, user) => {
      if (!user) {
        return { url: '/profile/two-factor/passkeys', form: { challengeId: randomUUID(), response: '{}' } };
      }
      const ceremony = await app.get(TwoFactorService).passkeyRegistration(user.id);
      const response = JSON.stringify(new SoftPasskey().register(ceremony.options));
      return {
        url: '/profile/two-factor/passkeys',
        form: { challengeId: ceremony.challengeId, response, name: 'Key' },
      };
    },
  },
  {
    method: 'POST',
    path: '/profile/two-factor/passkeys/{id}/remove',
    audience: 'authenticated',
    formFor: async (app, user) => {
      const owner = user ?? (await newUser(app));
      await app.get(TwoFactorService).enrolTotpWithSecret(owner.id, owner.totpSecret ?? newTotpSecret());
      const { id } = await newPasskey(app, owner.id);
      return { url: `/profile/two-factor/passkeys/${id}/remove`, form: { currentPassword: TEST_PASSWORD } };
    },
  },
  {
    method: 'POST',
    path: '/profile/two-factor/recovery-codes',
    audience: 'authenticated',
    formFor: async (app, user) => {
      if (user && !user.totpSecret) {
        await app.get(TwoFactorService).enrolTotpWithSecret(user.id, newTotpSecret());
      }
      return { url: '/profile/two-factor/recovery-codes', form: { currentPassword: TEST_PASSWORD } };
    },
  },
  { method: 'GET', path: '/forgot-password', audience: 'public' },
  {
    method: 'POST',
    path: '/forgot-password',
    audience: 'public',
    form: async (app) => ({ url: '/forgot-password', form: { email: (await newUser(app)).email } }),
  },
  {
    method: 'GET',
    path: '/reset-password',
    audience: 'public',
    url: async (app) => `/reset-password?token=${await newResetToken(app, (await newUser(app)).id)}`,
  },
  {
    method: 'POST',
    path: '/reset-password',
    audience: 'public',
    form: async (app) => ({
      url: '/reset-password',
      form: {
        token: await newResetToken(app, (await newUser(app)).id),
        password: 'a new passphrase for tests',
      },
    }),
  },
  {
    method: 'GET',
    path: '/confirm-email',
    audience: 'public',
    url: async (app) =>
      `/confirm-email?token=${await newConfirmationToken(app, await newUser(app, { emailVerified: false }))}`,
  },
  {
    method: 'POST',
    path: '/confirm-email',
    audience: 'public',
    form: async (app) => ({
      url: '/confirm-email',
      form: { token: await newConfirmationToken(app, await newUser(app, { emailVerified: false })) },
    }),
  },
  {
    method: 'POST',
    path: '/profile/email',
    audience: 'authenticated',
    form: async () => ({
      url: '/profile/email',
      form: { email: String(signUpBody().email), currentPassword: TEST_PASSWORD },
    }),
  },
  {
    method: 'POST',
    path: '/profile/email/confirmation',
    audience: 'authenticated',
    formFor: async (app, user) => {
      if (user) {
        await unconfirmEmail(app, user.id);
      }
      return { url: '/profile/email/confirmation', form: {} };
    },
  },
  { method: 'GET', path: '/profile', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/profile',
    audience: 'authenticated',
    form: async () => ({
      url: '/profile',
      form: { fullName: 'Dr Page', degree: 'MD', specialty: 'Radiology' },
    }),
  },
  { method: 'GET', path: '/me/reporting-profile', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/me/reporting-profile',
    audience: 'authenticated',
    form: async () => ({
      url: '/me/reporting-profile',
      form: { birthMonth: '03', birthDay: '14', licenceState: 'TX', licenceNumber: 'Q1234' },
    }),
  },
  {
    method: 'POST',
    path: '/profile/password',
    audience: 'authenticated',
    form: async () => ({
      url: '/profile/password',
      form: { currentPassword: TEST_PASSWORD, newPassword: 'page changed passphrase' },
    }),
  },
  { method: 'GET', path: '/admin/users', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/users',
    audience: 'admin',
    form: async () => ({
      url: '/admin/users',
      form: {
        fullName: 'Dr Added',
        email: `added-${Math.random().toString(36).slice(2)}@academy.example`,
        password: TEST_PASSWORD,
        roles: ['instructor'],
      },
    }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/roles',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/users/${(await newUser(app)).id}/roles`,
      form: { roles: ['learner', 'instructor'] },
    }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/two-factor/reset',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/users/${(await newUser(app, { secondFactor: true })).id}/two-factor/reset`,
      form: {},
    }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/disable',
    audience: 'admin',
    form: async (app) => ({ url: `/admin/users/${(await newUser(app)).id}/disable`, form: {} }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/enable',
    audience: 'admin',
    form: async (app) => ({ url: `/admin/users/${(await newUser(app)).id}/enable`, form: {} }),
  },
  {
    method: 'GET',
    path: '/media/{id}',
    audience: 'public',
    url: async (app) => `/media/${(await app.get(MediaService).upload(tinyPng(11), 'matrix.png')).id}`,
  },
  ...authoringPageRoutes(),
  ...learningPageRoutes(),
  { method: 'GET', path: '/inbox', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/inbox/{id}/read',
    audience: 'authenticated',
    formFor: async (app, user) => ({
      url: `/inbox/${await newNotification(app, user?.id ?? (await newUser(app)).id)}/read`,
      form: { page: '1' },
    }),
  },
  { method: 'GET', path: '/admin/emails', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/emails/{id}/retry',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/emails/${await newFailedEmail(app, (await newUser(app)).id)}/retry`,
      form: {},
    }),
  },
  // Skills labs: the learner's booking pages, the instructor's roster and checklist, lab admin.
  {
    method: 'GET',
    path: '/learning/{slug}/labs',
    audience: 'learner',
    url: async (app, user) => `/learning/${(await labOfCourse(app, user)).slug}/labs`,
  },
  {
    method: 'POST',
    path: '/labs/{id}/book',
    audience: 'learner',
    formFor: async (app, user) => ({ url: `/labs/${(await labOfCourse(app, user)).lab.id}/book`, form: {} }),
  },
  { method: 'GET', path: '/me/bookings', audience: 'learner' },
  {
    method: 'GET',
    path: '/me/bookings/{id}',
    audience: 'learner',
    url: async (app, user) => `/me/bookings/${await learnerBooking(app, user)}`,
  },
  {
    method: 'GET',
    path: '/me/bookings/{id}/calendar.ics',
    audience: 'learner',
    url: async (app, user) => `/me/bookings/${await learnerBooking(app, user)}/calendar.ics`,
  },
  {
    method: 'GET',
    path: '/me/bookings/{id}/cancel',
    audience: 'learner',
    url: async (app, user) => `/me/bookings/${await learnerBooking(app, user)}/cancel`,
  },
  {
    method: 'POST',
    path: '/me/bookings/{id}/cancel',
    audience: 'learner',
    formFor: async (app, user) => ({
      url: `/me/bookings/${await learnerBooking(app, user)}/cancel`,
      form: { confirm: 'yes' },
    }),
  },
  {
    method: 'POST',
    path: '/me/bookings/{id}/accept',
    audience: 'learner',
    formFor: async (app, user) => ({
      url: `/me/bookings/${await learnerBooking(app, user, { offered: true })}/accept`,
      form: {},
    }),
  },
  {
    method: 'POST',
    path: '/me/bookings/{id}/decline',
    audience: 'learner',
    formFor: async (app, user) => ({
      url: `/me/bookings/${await learnerBooking(app, user, { offered: true })}/decline`,
      form: {},
    }),
  },
  { method: 'GET', path: '/instructor/labs', audience: 'instructor' },
  {
    method: 'GET',
    path: '/instructor/labs/{id}',
    audience: 'instructor',
    url: async (app, user) => `/instructor/labs/${(await labOfCourse(app, user, { soon: true })).lab.id}`,
  },
  {
    method: 'GET',
    path: '/instructor/labs/{id}/check-in',
    audience: 'instructor',
    url: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'confirmed');
      return `/instructor/labs/${lab.id}/check-in?ticket=${booking.ticketCode}`;
    },
  },
  ...['roster.csv', 'sign-in-sheet.pdf'].map((file): PageRoute => ({
    method: 'GET',
    path: `/instructor/labs/{id}/${file}`,
    audience: 'instructor',
    url: async (app, user) =>
      `/instructor/labs/${(await seatOnRoster(app, user, 'confirmed')).lab.id}/${file}`,
  })),
  {
    method: 'POST',
    path: '/instructor/labs/{id}/check-in',
    audience: 'instructor',
    formFor: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'confirmed');
      return { url: `/instructor/labs/${lab.id}/check-in`, form: { ticketCode: booking.ticketCode } };
    },
  },
  {
    method: 'POST',
    path: '/instructor/labs/{id}/bookings/{bookingId}/attendance',
    audience: 'instructor',
    formFor: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'confirmed');
      return {
        url: `/instructor/labs/${lab.id}/bookings/${booking.id}/attendance`,
        form: { attendance: 'present' },
      };
    },
  },
  {
    method: 'GET',
    path: '/instructor/labs/{id}/bookings/{bookingId}',
    audience: 'instructor',
    url: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'checked-in');
      return `/instructor/labs/${lab.id}/bookings/${booking.id}`;
    },
  },
  {
    method: 'POST',
    path: '/instructor/labs/{id}/bookings/{bookingId}',
    audience: 'instructor',
    formFor: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'checked-in');
      return {
        url: `/instructor/labs/${lab.id}/bookings/${booking.id}`,
        form: { level_landmarking: '3', comment_landmarking: 'Found the PSIS first time.' },
      };
    },
  },
  {
    method: 'POST',
    path: '/instructor/labs/{id}/bookings/{bookingId}/sign',
    audience: 'instructor',
    formFor: async (app, user) => {
      const { lab, booking } = await seatOnRoster(app, user, 'recorded');
      return { url: `/instructor/labs/${lab.id}/bookings/${booking.id}/sign`, form: { confirm: 'yes' } };
    },
  },
  { method: 'GET', path: '/admin/labs', audience: 'admin' },
  { method: 'GET', path: '/admin/labs/new', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/labs',
    audience: 'admin',
    form: async (app) => {
      const { courseId } = await newPublishedCourse(app);
      const instructor = await newUser(app, { roles: ['instructor'] });
      return { url: '/admin/labs', form: { courseId, ...labForm(app), instructorIds: [instructor.id] } };
    },
  },
  {
    method: 'GET',
    path: '/admin/labs/{id}',
    audience: 'admin',
    url: async (app) => `/admin/labs/${(await labOfCourse(app, undefined)).lab.id}`,
  },
  {
    method: 'POST',
    path: '/admin/labs/{id}',
    audience: 'admin',
    form: async (app) => {
      const { lab } = await labOfCourse(app, undefined);
      return { url: `/admin/labs/${lab.id}`, form: { ...labForm(app), instructorIds: lab.instructorIds } };
    },
  },
  // Certificates: public verification pages, the learner's certificates and transcript, admin.
  { method: 'GET', path: '/verify', audience: 'public' },
  {
    method: 'GET',
    path: '/verify/{number}',
    audience: 'public',
    url: async (app) => `/verify/${(await certifiedLearner(app)).number}`,
  },
  {
    method: 'POST',
    path: '/verify/bulk',
    audience: 'public',
    multipart: async () => ({
      url: '/verify/bulk',
      revision: 0,
      file: multipartFile(
        'file',
        'numbers.csv',
        'text/csv',
        Buffer.from(`Certificate number\n${newCertificateNumber()}\n`),
      ),
    }),
  },
  {
    method: 'POST',
    path: '/verify/file',
    audience: 'public',
    multipart: async () => ({
      url: '/verify/file',
      revision: 0,
      file: multipartFile(
        'file',
        'credential.json',
        'application/json',
        Buffer.from(JSON.stringify({ id: `https://academy.example/verify/${newCertificateNumber()}` })),
      ),
    }),
  },
  { method: 'GET', path: '/me/outside-credits', audience: 'learner' },
  {
    method: 'POST',
    path: '/me/outside-credits',
    audience: 'learner',
    multipart: async () => ({
      url: '/me/outside-credits',
      revision: 0,
      file: multipartFile(
        'file',
        'certificate.pdf',
        'application/pdf',
        tinyPdf(),
        Object.fromEntries(
          Object.entries(outsideCreditBody()).map(([field, value]) => [field, String(value)]),
        ),
      ),
    }),
  },
  {
    method: 'GET',
    path: '/me/outside-credits/{id}/delete',
    audience: 'learner',
    url: async (app, user) => `/me/outside-credits/${await learnerOutsideCredit(app, user)}/delete`,
  },
  {
    method: 'POST',
    path: '/me/outside-credits/{id}/delete',
    audience: 'learner',
    formFor: async (app, user) => ({
      url: `/me/outside-credits/${await learnerOutsideCredit(app, user)}/delete`,
      form: {},
    }),
  },
  {
    method: 'GET',
    path: '/me/outside-credits/{id}/file',
    audience: 'learner',
    url: async (app, user) => `/me/outside-credits/${await learnerOutsideCredit(app, user)}/file`,
  },
  { method: 'GET', path: '/me/certificates', audience: 'learner' },
  {
    method: 'GET',
    path: '/me/certificates/{number}',
    audience: 'learner',
    url: async (app, user) => `/me/certificates/${await heldCertificate(app, user)}`,
  },
  {
    method: 'GET',
    path: '/me/certificates/{number}/pdf',
    audience: 'learner',
    url: async (app, user) => `/me/certificates/${await heldCertificate(app, user)}/pdf`,
  },
  {
    method: 'GET',
    path: '/me/certificates/{number}/credential.json',
    audience: 'learner',
    url: async (app, user) => `/me/certificates/${await heldCertificate(app, user)}/credential.json`,
  },
  {
    method: 'POST',
    path: '/me/certificates/{number}/wallet',
    audience: 'learner',
    formFor: async (app, user) => ({
      url: `/me/certificates/${await heldCertificate(app, user)}/wallet`,
      form: {},
    }),
  },
  {
    method: 'GET',
    path: '/wallet/{exchangeId}',
    audience: 'public',
    url: async (app) => {
      const { userId, certificate } = await completedCourse(app);
      const { exchangeId } = await app.get(WalletExchangesService).create(userId, certificate.number);
      return `/wallet/${exchangeId}?iuv=1`;
    },
  },
  {
    method: 'GET',
    path: '/me/transcript',
    audience: 'learner',
    url: async () => '/me/transcript?from=2026-01-01&to=2026-12-31',
  },
  {
    method: 'GET',
    path: '/me/transcript.pdf',
    audience: 'learner',
    url: async () => '/me/transcript.pdf?from=2026-01-01&to=2026-12-31',
  },
  { method: 'GET', path: '/admin/certificates', audience: 'admin' },
  {
    method: 'GET',
    path: '/admin/certificates/{number}',
    audience: 'admin',
    url: async (app, user) => `/admin/certificates/${await anyCertificate(app, user, 'admin')}`,
  },
  {
    method: 'POST',
    path: '/admin/certificates/{number}/status',
    audience: 'admin',
    formFor: async (app, user) => ({
      url: `/admin/certificates/${await anyCertificate(app, user, 'admin')}/status`,
      form: { status: 'suspended', reason: 'under_review', note: 'Checking the lab records.' },
    }),
  },
  {
    method: 'POST',
    path: '/admin/certificates/{number}/reissue',
    audience: 'admin',
    formFor: async (app, user) => ({
      url: `/admin/certificates/${await anyCertificate(app, user, 'admin')}/reissue`,
      form: {},
    }),
  },
  { method: 'GET', path: '/admin/issuer', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/issuer/rotate',
    audience: 'admin',
    form: async () => ({ url: '/admin/issuer/rotate', form: { confirm: 'yes' } }),
  },
  {
    method: 'POST',
    path: '/admin/issuer/revoke',
    audience: 'admin',
    // A retired key of its own, so revoking it leaves the academy's current key alone.
    form: async (app) => {
      const { previous } = await app.get(IssuerKeys).rotate();
      return {
        url: '/admin/issuer/revoke',
        form: { keyId: previous!.id, reason: 'Exposed in a test backup', confirm: 'yes' },
      };
    },
  },
  // Reports
  ...[
    '/admin/reports',
    '/admin/reports/evaluations',
    '/admin/reports/learning-gain',
    '/admin/reports/accme',
    '/admin/reports/activity/csv',
    '/admin/reports/evaluations/csv',
    '/admin/reports/learning-gain/csv',
    '/admin/reports/accme/activities/csv',
    '/admin/reports/accme/learners/csv',
  ].map((path): PageRoute => ({
    method: 'GET',
    path,
    audience: 'admin',
    url: async () => `${path}?from=2026-01-01&to=2026-12-31`,
  })),
  {
    method: 'POST',
    path: '/admin/reports/accme/activities/{courseVersionId}',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/reports/accme/activities/${await publishedVersionId(app)}?from=2026-01-01`,
      form: { accmeActivityId: newAccmeActivityId() },
    }),
  },
  {
    method: 'GET',
    path: '/admin/reports/transcripts',
    audience: 'admin',
    url: async () => '/admin/reports/transcripts?q=dr',
  },
  ...['', '/csv'].map((suffix): PageRoute => ({
    method: 'GET',
    path: `/admin/reports/transcripts/{userId}${suffix}`,
    audience: 'admin',
    url: async (app) => `/admin/reports/transcripts/${(await newUser(app)).id}${suffix}?from=2026-01-01`,
  })),
  // Ledger
  { method: 'GET', path: '/admin/ledger', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/ledger/checkpoints',
    audience: 'admin',
    form: async () => ({ url: '/admin/ledger/checkpoints', form: {} }),
  },
  // Dashboard, item analysis, verifier organisations
  { method: 'GET', path: '/admin/dashboard', audience: 'admin' },
  {
    method: 'GET',
    path: '/admin/courses/{id}/modules/{moduleId}/item-analysis',
    audience: 'admin',
    url: async (app) => {
      const { courseId } = await newPublishedCourse(app);
      await newQuestionBank(app, courseId, MODULE_ID);
      return `/admin/courses/${courseId}/modules/${MODULE_ID}/item-analysis`;
    },
  },
  { method: 'GET', path: '/admin/learners', audience: 'admin' },
  {
    method: 'GET',
    path: '/admin/learners/{id}',
    audience: 'admin',
    url: async (app) => `/admin/learners/${(await learnerMidQuiz(app)).learner.id}`,
  },
  {
    method: 'POST',
    path: '/admin/learners/{id}/extra-attempts',
    audience: 'admin',
    form: async (app) => {
      const { learner, enrolmentId, moduleId } = await learnerMidQuiz(app);
      return {
        url: `/admin/learners/${learner.id}/extra-attempts`,
        form: { quiz: `${enrolmentId}:${moduleId}`, reason: 'Lost connection' },
      };
    },
  },
  {
    method: 'POST',
    path: '/admin/learners/{id}/accommodation',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/learners/${(await newUser(app)).id}/accommodation`,
      form: { extraTimePercent: '50', extraMinutes: '0', reason: 'Documented need' },
    }),
  },
  {
    method: 'POST',
    path: '/admin/learners/{id}/accommodation/end',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/learners/${(await newUser(app)).id}/accommodation/end`,
      form: { reason: 'No longer needed' },
    }),
  },
  {
    method: 'POST',
    path: '/admin/learners/{id}/attempts/{attemptId}/extend',
    audience: 'admin',
    form: async (app) => {
      const { learner, attemptId } = await learnerMidQuiz(app);
      return {
        url: `/admin/learners/${learner.id}/attempts/${attemptId}/extend`,
        form: { minutes: '10', reason: 'Fire alarm' },
      };
    },
  },
  { method: 'GET', path: '/admin/board-reporting', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/board-reporting/batches',
    audience: 'admin',
    form: async (app) => {
      await readyBoardReport(app);
      return { url: '/admin/board-reporting/batches', form: {} };
    },
  },
  {
    method: 'GET',
    path: '/admin/board-reporting/batches/{number}/csv',
    audience: 'admin',
    url: async (app) => `/admin/board-reporting/batches/${(await boardReportBatch(app)).batch.number}/csv`,
  },
  {
    method: 'POST',
    path: '/admin/board-reporting/results',
    audience: 'admin',
    multipart: async (app) => ({
      url: '/admin/board-reporting/results',
      revision: 0,
      file: multipartFile('file', 'pars-results.csv', 'text/csv', Buffer.from(await batchResults(app))),
    }),
  },
  {
    method: 'POST',
    path: '/admin/board-reporting/{id}/requeue',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/board-reporting/${await rejectedBoardReport(app)}/requeue`,
      form: {},
    }),
  },
  { method: 'GET', path: '/admin/cohorts', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/cohorts',
    audience: 'admin',
    form: async (app) => ({
      url: '/admin/cohorts',
      form: { name: `Matrix fellows ${Math.random()}`, courseId: (await newPublishedCourse(app)).courseId },
    }),
  },
  {
    method: 'GET',
    path: '/admin/cohorts/{id}',
    audience: 'admin',
    url: async (app) => `/admin/cohorts/${(await newCohort(app)).cohort.id}`,
  },
  {
    method: 'POST',
    path: '/admin/cohorts/{id}/members',
    audience: 'admin',
    multipart: async (app) => ({
      url: `/admin/cohorts/${(await newCohort(app)).cohort.id}/members`,
      revision: 0,
      file: multipartFile(
        'file',
        'fellows.csv',
        'text/csv',
        Buffer.from(`email\n${(await newUser(app)).email}\n`),
      ),
    }),
  },
  { method: 'GET', path: '/admin/organisations', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/organisations',
    audience: 'admin',
    form: async () => ({ url: '/admin/organisations', form: { name: `Matrix Board ${Math.random()}` } }),
  },
  {
    method: 'GET',
    path: '/admin/organisations/{id}',
    audience: 'admin',
    url: async (app) => `/admin/organisations/${(await matrixOrganisation(app)).id}`,
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/api-keys',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/organisations/${(await matrixOrganisation(app)).id}/api-keys`,
      form: { name: 'Licensing system' },
    }),
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/api-keys/{keyId}/revoke',
    audience: 'admin',
    form: async (app) => {
      const organisation = await matrixOrganisation(app);
      const { entity } = await app.get(ApiKeysService).createKey(organisation.id, 'Matrix');
      return { url: `/admin/organisations/${organisation.id}/api-keys/${entity.id}/revoke`, form: {} };
    },
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/members',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/organisations/${(await matrixOrganisation(app)).id}/members`,
      form: { email: (await newUser(app)).email },
    }),
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/accounts',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/organisations/${(await matrixOrganisation(app)).id}/accounts`,
      form: {
        fullName: 'Dr Matrix Reviewer',
        email: `reviewer-${Math.random().toString(36).slice(2)}@board.example`,
        password: TEST_PASSWORD,
      },
    }),
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/members/{userId}/remove',
    audience: 'admin',
    form: async (app) => {
      const organisation = await matrixOrganisation(app);
      const member = await app
        .get(UsersService)
        .joinOrganisation(organisation.id, (await newUser(app)).email);
      return { url: `/admin/organisations/${organisation.id}/members/${member.id}/remove`, form: {} };
    },
  },
  {
    method: 'GET',
    path: '/admin/organisations/{id}/members/{userId}/manager',
    audience: 'admin',
    url: async (app) => {
      const organisation = await matrixOrganisation(app);
      const member = await app
        .get(UsersService)
        .joinOrganisation(organisation.id, (await newUser(app)).email);
      return `/admin/organisations/${organisation.id}/members/${member.id}/manager`;
    },
  },
  {
    method: 'POST',
    path: '/admin/organisations/{id}/members/{userId}/manager',
    audience: 'admin',
    form: async (app) => {
      const organisation = await matrixOrganisation(app);
      const member = await app
        .get(UsersService)
        .joinOrganisation(organisation.id, (await newUser(app)).email);
      return {
        url: `/admin/organisations/${organisation.id}/members/${member.id}/manager`,
        form: { manager: 'yes' },
      };
    },
  },
  { method: 'GET', path: '/verifier', audience: 'verifier' },
  {
    method: 'GET',
    path: '/verifier/verifications.csv',
    audience: 'verifier',
    url: async (app, user) => {
      await verifierOrganisation(app, user);
      return '/verifier/verifications.csv';
    },
  },
  { method: 'GET', path: '/verifier/api-keys', audience: 'verifier' },
  { method: 'GET', path: '/verifier/api-key', audience: 'verifier' },
  {
    method: 'POST',
    path: '/verifier/api-keys',
    audience: 'verifier',
    formFor: async (app, user) => {
      await verifierOrganisation(app, user);
      return { url: '/verifier/api-keys', form: { name: 'Licensing system' } };
    },
  },
  {
    method: 'POST',
    path: '/verifier/api-keys/{keyId}/revoke',
    audience: 'verifier',
    formFor: async (app, user) => {
      const key = await organisationKey(app, await verifierOrganisation(app, user));
      return { url: `/verifier/api-keys/${key.id}/revoke`, form: {} };
    },
  },
  {
    method: 'GET',
    path: '/admin/users/{id}/anonymise',
    audience: 'admin',
    url: async (app) => `/admin/users/${(await newUser(app)).id}/anonymise`,
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/anonymise',
    audience: 'admin',
    form: async (app) => ({ url: `/admin/users/${(await newUser(app)).id}/anonymise`, form: {} }),
  },
];

/** A new verifier organisation, for the organisation pages. */
function matrixOrganisation(app: NestFastifyApplication) {
  return app.get(ApiKeysService).createOrganisation(`Matrix Board ${Math.random().toString(36).slice(2)}`);
}

/**
 * A certificate the caller holds, when a learner; for anyone else the route refuses before
 * looking, so any well-formed number will do.
 */
async function heldCertificate(app: NestFastifyApplication, user: TestUser | undefined): Promise<string> {
  return user?.roles.includes('learner')
    ? (await certifiedLearner(app, { user })).number
    : newCertificateNumber();
}

/** Someone's certificate, when the caller has the role that may see it; else any well-formed number. */
async function anyCertificate(
  app: NestFastifyApplication,
  user: TestUser | undefined,
  role: 'admin',
): Promise<string> {
  return user?.roles.includes(role) ? (await certifiedLearner(app)).number : newCertificateNumber();
}

/** The admin lab form's fields: a lab two weeks ahead, wall times in its zone. */
function labForm(app: NestFastifyApplication): Record<string, string> {
  const wall = (at: number) => new Date(at).toISOString().slice(0, 16);
  const startsAt = app.get(Clock).now().getTime() + 14 * 86_400_000;
  return {
    title: 'Matrix skills lab',
    venueName: 'Anatomy teaching centre',
    venueAddress: 'Philippstraße 11, 10115 Berlin',
    timeZone: 'Europe/Berlin',
    startsAt: wall(startsAt),
    endsAt: wall(startsAt + 8 * 3_600_000),
    capacity: '12',
    offerHoldHours: '24',
  };
}

/** A published course the user (if any) is enrolled in: the learning pages need one. */
async function enrolledCourse(app: NestFastifyApplication, user: TestUser | undefined): Promise<string> {
  const { slug } = await newPublishedCourse(app);
  if (user?.roles.includes('learner')) {
    await enrolReady(app, user.id, slug);
  }
  return slug;
}

/** A course with lesson media, the user enrolled in it if a learner. */
async function lessonMediaFor(app: NestFastifyApplication, user: TestUser | undefined) {
  const course = await courseWithLessonMedia(app);
  if (user?.roles.includes('learner')) {
    await enrolReady(app, user.id, course.slug);
  }
  return course;
}

/** A course the user (if a learner) has finished up to credit. */
async function finished(
  app: NestFastifyApplication,
  user: TestUser | undefined,
  evaluated: boolean,
): Promise<string> {
  const { slug } = await newPublishedCourse(app);
  if (user?.roles.includes('learner')) {
    await finishCourse(app, user.id, slug, { evaluated });
  }
  return slug;
}

/** An open quiz attempt of the user (a learner), on a course with a question bank. */
async function openAttemptOf(app: NestFastifyApplication, user: TestUser | undefined): Promise<string> {
  const learner = user?.roles.includes('learner') ? user : await newUser(app);
  const { courseId, slug } = await newPublishedCourse(app);
  await newQuestionBank(app, courseId, MODULE_ID);
  await enrolReady(app, learner.id, slug);
  return (await app.get(AttemptsService).start(learner.id, slug, MODULE_ID)).attemptId;
}

const MODULE_ID = sampleContent().modules[0]!.id;

function learningPageRoutes(): PageRoute[] {
  const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
  return [
    {
      method: 'GET',
      path: '/learning/{slug}/credit',
      audience: 'learner',
      url: async (app, user) => `/learning/${await finished(app, user, false)}/credit`,
    },
    {
      method: 'POST',
      path: '/learning/{slug}/evaluation',
      audience: 'learner',
      formFor: async (app, user) => ({
        url: `/learning/${await finished(app, user, false)}/evaluation`,
        form: {
          objectivesMet: '5',
          freeOfCommercialBias: '5',
          relevantToPractice: '4',
          intendedChange: 'Small pulls.',
        },
      }),
    },
    {
      method: 'POST',
      path: '/learning/{slug}/credit-claims',
      audience: 'learner',
      formFor: async (app, user) => ({
        url: `/learning/${await finished(app, user, true)}/credit-claims`,
        form: { credit0: '1.5' },
      }),
    },
    {
      method: 'POST',
      path: '/learning/{slug}/disclosures',
      audience: 'learner',
      formFor: async (app, user) => {
        const { slug } = await newPublishedCourse(app);
        if (user?.roles.includes('learner')) {
          await app.get(LearningService).enrol(user.id, slug);
        }
        return { url: `/learning/${slug}/disclosures`, form: {} };
      },
    },
    {
      method: 'GET',
      path: '/learning/{slug}/modules/{moduleId}/quiz',
      audience: 'learner',
      url: async (app, user) => {
        const slug = await enrolledCourse(app, user);
        return `/learning/${slug}/modules/${MODULE_ID}/quiz`;
      },
    },
    {
      method: 'POST',
      path: '/learning/{slug}/modules/{moduleId}/quiz/start',
      audience: 'learner',
      formFor: async (app, user) => {
        const { courseId, slug } = await newPublishedCourse(app);
        await newQuestionBank(app, courseId, MODULE_ID);
        if (user?.roles.includes('learner')) {
          await enrolReady(app, user.id, slug);
        }
        return { url: `/learning/${slug}/modules/${MODULE_ID}/quiz/start`, form: {} };
      },
    },
    {
      method: 'GET',
      path: '/learning/attempts/{attemptId}',
      audience: 'learner',
      url: async (app, user) => `/learning/attempts/${await openAttemptOf(app, user)}`,
    },
    {
      method: 'POST',
      path: '/learning/attempts/{attemptId}',
      audience: 'learner',
      formFor: async (app, user) => ({
        url: `/learning/attempts/${await openAttemptOf(app, user)}`,
        form: { action: 'save' },
      }),
    },
    {
      method: 'POST',
      path: '/learning/attempts/{attemptId}/questions/{questionId}',
      audience: 'learner',
      formFor: async (app, user) => {
        const { attemptId, questionId } = await openAttemptQuestion(app, user);
        return { url: `/learning/attempts/${attemptId}/questions/${questionId}`, form: { flagged: 'true' } };
      },
    },
    { method: 'GET', path: '/learning', audience: 'learner' },
    {
      method: 'POST',
      path: '/learning/enrol',
      audience: 'learner',
      form: async (app) => ({
        url: '/learning/enrol',
        form: { course: (await newPublishedCourse(app)).slug },
      }),
    },
    {
      method: 'GET',
      path: '/learning/{slug}',
      audience: 'learner',
      url: async (app, user) => `/learning/${await enrolledCourse(app, user)}`,
    },
    {
      method: 'GET',
      path: '/learning/{slug}/lessons/{lessonId}',
      audience: 'learner',
      url: async (app, user) => `/learning/${await enrolledCourse(app, user)}/lessons/${lessonId}`,
    },
    {
      method: 'GET',
      path: '/learning/{slug}/lessons/{lessonId}/figures/{mediaId}',
      audience: 'lessonReader',
      url: async (app, user) => {
        const course = await lessonMediaFor(app, user);
        return `/learning/${course.slug}/lessons/${course.lessonId}/figures/${course.mediaId}`;
      },
    },
    {
      method: 'GET',
      path: '/learning/{slug}/lessons/{lessonId}/video',
      audience: 'lessonReader',
      url: async (app, user) => {
        const course = await lessonMediaFor(app, user);
        return `/learning/${course.slug}/lessons/${course.lessonId}/video`;
      },
    },
    {
      method: 'GET',
      path: '/learning/{slug}/lessons/{lessonId}/captions.vtt',
      audience: 'lessonReader',
      url: async (app, user) => {
        const course = await lessonMediaFor(app, user);
        return `/learning/${course.slug}/lessons/${course.lessonId}/captions.vtt`;
      },
    },
    {
      method: 'POST',
      path: '/learning/{slug}/lessons/{lessonId}/watched',
      audience: 'learner',
      formFor: async (app, user) => {
        const course = await lessonMediaFor(app, user);
        return { url: `/learning/${course.slug}/lessons/${course.lessonId}/watched`, form: { seconds: '0' } };
      },
    },
  ];
}

/** A draft course and where its first module and lesson are, for the authoring pages. */
async function draftWithLesson(app: NestFastifyApplication) {
  const draft = await newReadyDraft(app);
  const content = sampleContent();
  return {
    ...draft,
    moduleId: content.modules[0]!.id,
    lessonId: content.modules[0]!.lessons[0]!.id,
    base: `/admin/courses/${draft.courseId}`,
  };
}

function authoringPageRoutes(): PageRoute[] {
  const get = (path: string, url: (app: NestFastifyApplication) => Promise<string>): PageRoute => ({
    method: 'GET',
    path,
    audience: 'admin',
    url,
  });
  const post = (
    path: string,
    form: (app: NestFastifyApplication) => Promise<{ url: string; form: Record<string, string | string[]> }>,
  ): PageRoute => ({ method: 'POST', path, audience: 'admin', form });
  const M = '/admin/courses/{id}/modules/{moduleId}';
  const L = `${M}/lessons/{lessonId}`;
  return [
    get('/admin/courses', async () => '/admin/courses'),
    post('/admin/courses', async () => ({
      url: '/admin/courses',
      form: { title: 'Matrix course', slug: newSlug('matrix') },
    })),
    get('/admin/courses/import', async () => '/admin/courses/import'),
    {
      method: 'POST',
      path: '/admin/courses/import',
      audience: 'admin',
      multipart: async () => ({
        url: '/admin/courses/import',
        revision: 0,
        file: multipartFile(
          'file',
          'course.json',
          'application/json',
          Buffer.from(
            JSON.stringify({
              format: COURSE_DOCUMENT_FORMAT,
              slug: newSlug('imp'),
              content: sampleContent(),
            }),
          ),
        ),
      }),
    },
    {
      method: 'POST',
      path: '/admin/courses/import/{uploadId}/create',
      audience: 'admin',
      formFor: async (app, user) => {
        const owner = user ?? (await newUser(app, { roles: ['admin'] }));
        const { rows } = await app.get(Database).execute<{ id: string }>(
          `INSERT INTO course_import_upload (document, file_name, uploaded_by_user_id, created_at)
           VALUES ($1, 'course.json', $2, $3) RETURNING id`,
          [
            JSON.stringify({
              format: COURSE_DOCUMENT_FORMAT,
              slug: newSlug('imp'),
              content: sampleContent(),
            }),
            owner.id,
            app.get(Clock).now(),
          ],
        );
        return { url: `/admin/courses/import/${rows[0]!.id}/create`, form: {} };
      },
    },
    get('/admin/courses/{id}', async (app) => (await draftWithLesson(app)).base),
    post('/admin/courses/{id}/start-draft', async (app) => ({
      url: `/admin/courses/${(await newPublishedCourse(app)).courseId}/start-draft`,
      form: {},
    })),
    post('/admin/courses/{id}/details', async (app) => {
      const d = await draftWithLesson(app);
      const c = sampleContent();
      return {
        url: `${d.base}/details`,
        form: {
          revision: String(d.revision),
          title: 'Renamed',
          summary: c.summary,
          topics: 'a, b',
          targetAudience: c.targetAudience,
          accreditationStatement: c.accreditationStatement,
          activityFormat: 'enduring material',
          releaseDate: '2026-09-01',
          expiryDate: '2029-08-31',
          passingScore: '80',
          credit0: '2',
        },
      };
    }),
    post('/admin/courses/{id}/moc', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/moc`,
        form: {
          revision: String(d.revision),
          board: ['ABA', 'ABIM', 'ABOS'],
          points: ['', '2', ''],
          types: 'ABIM:MK',
          jurisdiction: 'TX',
          topic: 'Pain management',
        },
      };
    }),
    post('/admin/courses/{id}/people', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/people`,
        form: {
          revision: String(d.revision),
          name: 'Dr P',
          credentials: 'MD',
          role: 'planner',
          disclosedOn: '2026-05-01',
        },
      };
    }),
    get('/admin/courses/{id}/people/new', async (app) => `${(await draftWithLesson(app)).base}/people/new`),
    get(
      '/admin/courses/{id}/people/{personId}',
      async (app) => `${(await draftWithLesson(app)).base}/people/${sampleContent().people[0]!.id}`,
    ),
    post('/admin/courses/{id}/people/{personId}', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/people/${sampleContent().people[0]!.id}`,
        form: {
          revision: String(d.revision),
          name: 'Dr Ines Calloway',
          credentials: 'MD',
          role: 'faculty',
          disclosedOn: '2026-06-01',
          company: ['Acme Biologics', ''],
          nature: ['Consulting fees', ''],
          endedOn: ['', ''],
          relevant: ['yes', 'yes'],
          mitigation: 'Peer reviewed by a planner without relationships.',
        },
      };
    }),
    post('/admin/courses/{id}/people/{personId}/remove', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/people/${sampleContent().people[0]!.id}/remove`,
        form: { revision: String(d.revision) },
      };
    }),
    post('/admin/courses/{id}/modules', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules`,
        form: { revision: String(d.revision), kind: 'processing', title: 'Processing' },
      };
    }),
    post(`${M}/arrange`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/arrange`,
        form: { revision: String(d.revision), action: 'down' },
      };
    }),
    get(M, async (app) => {
      const d = await draftWithLesson(app);
      return `${d.base}/modules/${d.moduleId}`;
    }),
    post(M, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}`,
        form: {
          revision: String(d.revision),
          kind: 'anatomy',
          title: 'Landmarks',
          objectives: 'One\nTwo',
          estimatedMinutes: '20',
          questionCount: '5',
          attemptsLimit: '3',
          retryDelayMinutes: '30',
          reviewPolicy: 'full',
          references: 'V | Atlas',
        },
      };
    }),
    post(`${M}/lessons`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/lessons`,
        form: { revision: String(d.revision), title: 'New lesson' },
      };
    }),
    post(`${L}/arrange`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}/arrange`,
        form: { revision: String(d.revision), action: 'up' },
      };
    }),
    get(L, async (app) => {
      const d = await draftWithLesson(app);
      return `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}`;
    }),
    post(L, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}`,
        form: { revision: String(d.revision), title: 'PSIS', markdown: '## PSIS' },
      };
    }),
    {
      method: 'POST',
      path: `${L}/image`,
      audience: 'admin',
      multipart: async (app) => {
        const d = await draftWithLesson(app);
        return {
          url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}/image`,
          revision: d.revision,
          file: multipartFile('file', 'x.png', 'image/png', tinyPng(9), {
            revision: String(d.revision),
            alt: 'A test image',
          }),
        };
      },
    },
    {
      method: 'POST',
      path: `${L}/figures`,
      audience: 'admin',
      multipart: async (app) => {
        const d = await draftWithLesson(app);
        return {
          url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}/figures`,
          revision: d.revision,
          file: multipartFile('file', 'x.png', 'image/png', tinyPng(10), {
            revision: String(d.revision),
            alt: 'The pelvis from behind',
          }),
        };
      },
    },
    {
      method: 'POST',
      path: `${L}/video`,
      audience: 'admin',
      multipart: async (app) => {
        const d = await draftWithLesson(app);
        return {
          url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}/video`,
          revision: d.revision,
          file: multipartBody(
            [
              { field: 'file', fileName: 'psis.mp4', contentType: 'video/mp4', bytes: tinyMp4() },
              { field: 'captions', fileName: 'psis.vtt', contentType: 'text/vtt', bytes: webVtt() },
            ],
            { revision: String(d.revision) },
          ),
        };
      },
    },
    post(`${L}/media/remove`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/lessons/${d.lessonId}/media/remove`,
        form: { revision: String(d.revision) },
      };
    }),
    post('/admin/courses/preview', async () => ({
      url: '/admin/courses/preview',
      form: { markdown: '**bold**' },
    })),
    get(`${M}/questions`, async (app) => {
      const d = await draftWithLesson(app);
      return `${d.base}/modules/${d.moduleId}/questions`;
    }),
    post(`${M}/questions`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/questions`,
        form: {
          type: 'true_false',
          prompt: 'Marrow is red.',
          truth: 'true',
          explanation: 'Mostly.',
          reference: 'Lesson: The PSIS',
        },
      };
    }),
    get(`${M}/questions/new`, async (app) => {
      const d = await draftWithLesson(app);
      return `${d.base}/modules/${d.moduleId}/questions/new?type=numeric`;
    }),
    get(`${M}/questions/{questionId}/edit`, async (app) => {
      const d = await draftWithLesson(app);
      const [questionId] = await newQuestionBank(app, d.courseId, d.moduleId);
      return `${d.base}/modules/${d.moduleId}/questions/${questionId}/edit`;
    }),
    post(`${M}/questions/{questionId}/edit`, async (app) => {
      const d = await draftWithLesson(app);
      const [, questionId] = await newQuestionBank(app, d.courseId, d.moduleId);
      return {
        url: `${d.base}/modules/${d.moduleId}/questions/${questionId}/edit`,
        form: {
          type: 'true_false',
          prompt: 'Marrow is mostly red in adults.',
          truth: 'false',
          explanation: 'Yellow marrow grows with age.',
          reference: 'Lesson: The PSIS',
        },
      };
    }),
    get(`${M}/questions/{questionId}/replace`, async (app) => {
      const d = await draftWithLesson(app);
      const [questionId] = await newQuestionBank(app, d.courseId, d.moduleId);
      return `${d.base}/modules/${d.moduleId}/questions/${questionId}/replace`;
    }),
    post(`${M}/questions/{questionId}/replace`, async (app) => {
      const d = await draftWithLesson(app);
      const [, questionId] = await newQuestionBank(app, d.courseId, d.moduleId);
      return {
        url: `${d.base}/modules/${d.moduleId}/questions/${questionId}/replace`,
        form: {
          type: 'true_false',
          prompt: 'Marrow is mostly red in adults.',
          truth: 'false',
          explanation: 'Yellow marrow grows with age.',
          reference: 'Lesson: The PSIS',
        },
      };
    }),
    post(`${M}/questions/{questionId}/retire`, async (app) => {
      const d = await draftWithLesson(app);
      const [questionId] = await newQuestionBank(app, d.courseId, d.moduleId);
      return { url: `${d.base}/modules/${d.moduleId}/questions/${questionId}/retire`, form: {} };
    }),
    post(`${M}/questions/lint`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/questions/lint`,
        form: { type: 'single', prompt: 'Which is not a landmark?', choice_a: 'PSIS', choice_b: 'ASIS' },
      };
    }),
    post(`${M}/questions/notes`, async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/modules/${d.moduleId}/questions/notes`,
        form: { revision: String(d.revision), note_bank_too_small: 'A pilot bank, grown next version.' },
      };
    }),
    get('/admin/courses/{id}/checklist', async (app) => `${(await draftWithLesson(app)).base}/checklist`),
    post('/admin/courses/{id}/credit-justification', async (app) => {
      const d = await draftWithLesson(app);
      return {
        url: `${d.base}/credit-justification`,
        form: { revision: String(d.revision), creditJustification: 'Timed pilot of 10: median 2 h.' },
      };
    }),
    post('/admin/courses/{id}/publish', async (app) => {
      const d = await draftWithLesson(app);
      return { url: `${d.base}/publish`, form: { revision: String(d.revision) } };
    }),
    get(
      '/admin/courses/{id}/history',
      async (app) => `/admin/courses/${(await newPublishedCourse(app)).courseId}/history?from=1&to=1`,
    ),
    get(
      '/admin/courses/{id}/versions/{number}/export',
      async (app) => `/admin/courses/${(await newPublishedCourse(app)).courseId}/versions/1/export`,
    ),
  ];
}

describe('access matrix: every route, called as each kind of caller', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('covers exactly the routes the OpenAPI document lists, and documents every JSON route', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(JSON_ROUTES.map((route) => `${route.method} ${route.path}`).sort()).toEqual(documented);
  });

  it('covers every route the app declares', () => {
    // `/metrics` answers to its own bearer token (METRICS_TOKEN), shown in metrics.e2e-spec.ts; the
    // wallet exchange's CORS preflight, to anyone, in wallet.e2e-spec.ts.
    const infrastructure = [
      'GET /api/docs',
      'GET /api/docs-json',
      'GET /metrics',
      'OPTIONS /api/v1/exchanges/{exchangeId}',
    ];
    const covered = [
      ...JSON_ROUTES.map((route) => `${route.method} ${route.path}`),
      ...PAGE_ROUTES.map((route) => `${route.method} ${route.path}`),
      ...infrastructure,
    ];
    expect(declaredRoutes(testApp.app).filter((route) => !covered.includes(route))).toEqual([]);
  });

  it('links every admin page from the admin menu, or from a page reached from it', async () => {
    const { app } = testApp;
    const adminPages = PAGE_ROUTES.filter((route) => route.method === 'GET' && route.audience === 'admin');
    const admin = await newUser(app, { roles: ['admin'] });
    // Each page's own URL builder makes the data it needs (a course, an organisation), so a link to it can exist.
    for (const route of adminPages) {
      if (route.url) {
        await route.url(app, admin);
      }
    }
    const session = new BrowserSession(app);
    await session.signIn(admin);
    const matchers = adminPages
      .map((route) => ({
        path: route.path,
        params: (route.path.match(/\{\w+\}/g) ?? []).length,
        pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
      }))
      // A fixed segment wins over a parameter (`/admin/courses/import` is not a course id).
      .sort((a, b) => a.params - b.params);
    const templateOf = (path: string): string | undefined =>
      matchers.find((matcher) => matcher.pattern.test(path))?.path;
    // Links and forms; a search form is followed as a person would use it, searching for "dr".
    const linksOn = (html: string): string[] => [
      ...[...html.matchAll(/<(?:a\s[^>]*href|form\s[^>]*action)="(\/[^"#?]*)/g)].map((match) => match[1]!),
      ...[...html.matchAll(/<form\s[^>]*method="get"[^>]*action="(\/[^"#?]*)"[\s\S]*?<\/form>/g)]
        .filter((match) => /name="q"/.test(match[0]))
        .map((match) => `${match[1]!}?q=dr`),
    ];

    const home = await session.request('GET', '/admin/dashboard');
    const menu = /<nav[^>]*id="site-menu"[\s\S]*?<\/nav>/.exec(home.body)?.[0] ?? '';
    const queue = linksOn(menu);
    expect(queue).toContain('/admin/organisations');
    const linked = new Set<string>();
    const visits = new Map<string, number>();
    const seen = new Set<string>();
    while (queue.length > 0) {
      const path = queue.shift()!;
      const template = templateOf(path.split('?')[0]!);
      if (!template || seen.has(path)) {
        continue;
      }
      seen.add(path);
      linked.add(template);
      // Files to download are linked, not read; each kind of page is read a few times at most.
      const count = visits.get(template) ?? 0;
      if (/\/(csv|export)$/.test(template) || count >= 30) {
        continue;
      }
      visits.set(template, count + 1);
      const response = await session.request('GET', path);
      if (response.statusCode === 200) {
        queue.push(...linksOn(response.body));
      }
    }
    expect(adminPages.map((route) => route.path).filter((path) => !linked.has(path))).toEqual([]);
  });

  const jsonTable = JSON_ROUTES.flatMap((route) =>
    PRINCIPALS.map(
      (principal) =>
        [`${route.method} ${route.path}`, principal, expected(route.audience, principal), route] as const,
    ),
  );

  it.each(jsonTable)('%s as %s: %s', async (_name, principal, outcome, route) => {
    const { app } = testApp;
    const caller = await callerFor(app, principal);
    const call = await route.call(app, caller.user);
    const response = await app.inject({
      method: route.method,
      url: call.url,
      remoteAddress: caller.remoteAddress,
      headers: {
        ...caller.headers,
        ...(call.raw ? { 'content-type': call.raw.contentType } : {}),
      },
      ...(call.raw ? { payload: call.raw.payload } : call.body ? { payload: call.body } : {}),
    });
    expect(outcomeOf(response.statusCode)).toBe(outcome);
    if (outcome === 'allow') {
      expect(response.statusCode).toBeLessThan(300);
    }
  });

  const pageTable = PAGE_ROUTES.flatMap((route) =>
    PRINCIPALS.filter((principal) => principal !== 'apiKey').map(
      (principal) =>
        [`${route.method} ${route.path}`, principal, expected(route.audience, principal), route] as const,
    ),
  );

  it.each(pageTable)('page %s as %s: %s', async (_name, principal, outcome, route) => {
    const { app } = testApp;
    const session = new BrowserSession(app);
    const user = principal === 'anonymous' ? undefined : await newUser(app, { roles: [principal] });
    if (user) {
      await session.signIn(user);
    }
    const response =
      route.form || route.formFor
        ? await (async () => {
            const { url, form } = route.formFor ? await route.formFor(app, user) : await route.form!(app);
            return session.submit(url, form);
          })()
        : route.multipart
          ? await (async () => {
              const upload = await route.multipart!(app);
              const token = await session.csrfToken();
              return session.upload(
                `${upload.url}?_csrf=${encodeURIComponent(token)}&revision=${upload.revision}`,
                upload.file,
              );
            })()
          : await session.request('GET', route.url ? await route.url(app, user) : route.path);
    expect(outcomeOf(response.statusCode, response.headers.location)).toBe(outcome);
    if (outcome === 'allow') {
      expect(response.statusCode === 200 || response.statusCode === 303).toBe(true);
    }
  });
});
