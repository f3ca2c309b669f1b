import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt } from 'node:crypto';
import { enrolReady, finishCourse } from '../factories/enrolments';
import { LearningService } from '@academy/learning';
import { ApiKeysService, SessionsService, UsersService } from '@academy/identity';
import { COURSE_DOCUMENT_FORMAT, CoursesService } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse, newReadyDraft, newSlug } from '../factories/courses';
import { multipartFile, tinyPng } from '../factories/images';
import { multipartBody, tinyMp4, webVtt } from '../factories/media';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../factories/questions';
import { AttemptsService, QuestionBankService } from '@academy/assessment';
import {
  newConfirmationToken,
  newResetToken,
  newUser,
  signUpBody,
  TEST_PASSWORD,
  unconfirmEmail,
} from '../factories/users';
import { newFailedEmail, newNotification } from '../factories/notifications';
import { eligibleLearner, labOfCourse, learnerBooking, seatOnRoster } from '../factories/labs';
import {
  CertificatesService,
  IssuerKeys,
  newCertificateNumber,
  WalletExchangesService,
} from '@academy/certificates';
import { completedCourse } from '../factories/completion';
import { organisationKey, verifierOrganisation } from '../factories/verifiers';
import { learnerMidQuiz, newCohort } from '../factories/learner-support';
import {
  boardReportBatch,
  readyBoardReport,
  rejectedBoardReport,
  resultFile,
} from '../factories/board-reports';
import { learnerOutsideCredit, outsideCreditBody } from '../factories/outside-credits';

/** Who a route is for, as its access decorator says. */
export type Audience =
  | 'public'
  | 'authenticated'
  | 'learner'
  | 'instructor'
  | 'holder'
  | 'admin'
  | 'verifier'
  | 'apiKey'
  | 'lessonReader';

export interface RouteCall {
  url: string;
  body?: Record<string, unknown>;
  /** A raw body (e.g. multipart) instead of JSON. */
  raw?: { payload: Buffer; contentType: string };
}

/** One JSON route: how to call it validly, and which fields a bad request can break. */
export interface JsonRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As in the OpenAPI document, e.g. `/api/v1/admin/users/{id}`. */
  path: string;
  audience: Audience;
  /**
   * Builds a valid call; may create what the call needs (a target user, an organisation). With
   * `forCaller`, it gets the calling user, for data that must be theirs (an enrolment, an attempt).
   */
  call(app: NestFastifyApplication, caller?: { id: string; roles: string[] }): Promise<RouteCall>;
  forCaller?: boolean;
  /** Required string fields of the body, for the missing / wrong type / overlong cases. */
  stringFields?: string[];
  /** Query parameters that must be whole numbers. */
  numericQuery?: string[];
  /** Required number fields of the body, for the missing / wrong type cases. */
  numberFields?: string[];
  /** Path parameters that must be UUIDs. */
  uuidParams?: string[];
  /** Other path parameters with a value each must refuse. */
  badParams?: Record<string, string>;
}

/** A published course with a draft open (question banks change only in a draft). */
async function newDraftCourse(app: NestFastifyApplication): Promise<{ courseId: string }> {
  const { courseId } = await newPublishedCourse(app);
  await app.get(CoursesService).startDraft(courseId);
  return { courseId };
}

/** A question of a course's draft, to edit, replace or retire. */
async function draftQuestion(app: NestFastifyApplication): Promise<string> {
  const { courseId } = await newPublishedCourse(app);
  await newQuestionBank(app, courseId, MODULE_ID);
  await app.get(CoursesService).startDraft(courseId);
  const [question] = await app.get(QuestionBankService).list(courseId, MODULE_ID);
  return question!.id;
}

async function organisationId(app: NestFastifyApplication): Promise<string> {
  const organisation = await app
    .get(ApiKeysService)
    .createOrganisation(`Board ${Math.random().toString(36).slice(2)}`);
  return organisation.id;
}

async function targetUserId(app: NestFastifyApplication): Promise<string> {
  return (await newUser(app)).id;
}

/** Every JSON route of the API. A test checks this list against the OpenAPI document. */
export const JSON_ROUTES: JsonRoute[] = [
  { method: 'GET', path: '/health/live', audience: 'public', call: async () => ({ url: '/health/live' }) },
  { method: 'GET', path: '/health/ready', audience: 'public', call: async () => ({ url: '/health/ready' }) },
  {
    method: 'POST',
    path: '/api/v1/auth/register',
    audience: 'public',
    call: async () => ({ url: '/api/v1/auth/register', body: signUpBody() }),
    stringFields: ['fullName', 'email', 'password', 'degree', 'specialty'],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    audience: 'public',
    call: async (app) => ({
      url: '/api/v1/auth/password-reset',
      body: { email: (await newUser(app)).email },
    }),
    stringFields: ['email'],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset/complete',
    audience: 'public',
    call: async (app) => {
      const user = await newUser(app);
      return {
        url: '/api/v1/auth/password-reset/complete',
        body: { token: await newResetToken(app, user.id), password: 'a new passphrase for tests' },
      };
    },
    stringFields: ['token', 'password'],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/email-confirmation',
    audience: 'public',
    call: async (app) => ({
      url: '/api/v1/auth/email-confirmation',
      body: { token: await newConfirmationToken(app, await newUser(app, { emailVerified: false })) },
    }),
    stringFields: ['token'],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/token',
    audience: 'public',
    call: async (app) => {
      const user = await newUser(app);
      return { url: '/api/v1/auth/token', body: { email: user.email, password: user.password } };
    },
    stringFields: ['email', 'password'],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    audience: 'authenticated',
    call: async () => ({ url: '/api/v1/auth/logout' }),
  },
  {
    method: 'GET',
    path: '/api/v1/auth/api-key',
    audience: 'apiKey',
    call: async () => ({ url: '/api/v1/auth/api-key' }),
  },
  { method: 'GET', path: '/api/v1/me', audience: 'authenticated', call: async () => ({ url: '/api/v1/me' }) },
  {
    method: 'PUT',
    path: '/api/v1/me',
    audience: 'authenticated',
    call: async () => ({
      url: '/api/v1/me',
      body: { fullName: 'Dr Renamed', degree: 'MD', specialty: 'Interventional pain medicine' },
    }),
    stringFields: ['fullName', 'degree', 'specialty'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/reporting-profile',
    audience: 'authenticated',
    call: async () => ({ url: '/api/v1/me/reporting-profile' }),
  },
  {
    method: 'PUT',
    path: '/api/v1/me/reporting-profile',
    audience: 'authenticated',
    call: async () => ({
      url: '/api/v1/me/reporting-profile',
      body: {
        birthDate: '03/14',
        licences: [{ jurisdiction: 'TX', number: 'Q1234' }],
        boards: [{ board: 'ABIM', boardId: '123456', consent: true }],
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    audience: 'authenticated',
    call: async () => ({
      url: '/api/v1/me/password',
      body: { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' },
    }),
    stringFields: ['currentPassword', 'newPassword'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/users',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/users?q=dr&limit=5&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users',
    audience: 'admin',
    call: async () => ({
      url: '/api/v1/admin/users',
      body: {
        email: `staff-${Math.random().toString(36).slice(2)}@academy.example`,
        fullName: 'Dr Staff Member',
        password: TEST_PASSWORD,
        roles: ['instructor'],
      },
    }),
    stringFields: ['email', 'fullName', 'password'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/users/{id}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/users/${await targetUserId(app)}` }),
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/users/{id}/roles',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/users/${await targetUserId(app)}/roles`,
      body: { roles: ['learner', 'instructor'] },
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/disable',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/users/${await targetUserId(app)}/disable` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/enable',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/users/${await targetUserId(app)}/enable` }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/audit-events',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/audit-events?limit=10&offset=0&action=auth.login_succeeded' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/organisations',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/organisations' }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/organisations',
    audience: 'admin',
    call: async () => ({
      url: '/api/v1/admin/organisations',
      body: { name: `Board ${Math.random().toString(36).slice(2)}` },
    }),
    stringFields: ['name'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/organisations/{id}/api-keys',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/organisations/${await organisationId(app)}/api-keys` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/organisations/{id}/api-keys',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/organisations/${await organisationId(app)}/api-keys`,
      body: { name: 'Registry' },
    }),
    stringFields: ['name'],
    uuidParams: ['id'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/admin/api-keys/{keyId}',
    audience: 'admin',
    call: async (app) => {
      const created = await app.get(ApiKeysService).createKey(await organisationId(app), 'To revoke');
      return { url: `/api/v1/admin/api-keys/${created.entity.id}` };
    },
    uuidParams: ['keyId'],
  },
  {
    method: 'GET',
    path: '/api/v1/courses',
    audience: 'public',
    call: async () => ({ url: '/api/v1/courses?q=iliac&hasSkillsLab=true&limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/courses/{idOrSlug}',
    audience: 'public',
    call: async (app) => ({ url: `/api/v1/courses/${(await newPublishedCourse(app)).slug}` }),
    badParams: { idOrSlug: 'not a slug!' },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/courses?limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses',
    audience: 'admin',
    call: async () => ({
      url: '/api/v1/admin/courses',
      body: { slug: newSlug(), title: 'Sternal Aspiration Safety' },
    }),
    stringFields: ['slug', 'title'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/import',
    audience: 'admin',
    call: async () => ({
      url: '/api/v1/admin/courses/import',
      body: { format: COURSE_DOCUMENT_FORMAT, slug: newSlug('imported'), content: sampleContent() },
    }),
    stringFields: ['format', 'slug'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/draft',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/courses/${(await newReadyDraft(app)).courseId}/draft` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/draft',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/courses/${(await newPublishedCourse(app)).courseId}/draft` }),
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/courses/{id}/draft',
    audience: 'admin',
    call: async (app) => {
      const draft = await newReadyDraft(app);
      return {
        url: `/api/v1/admin/courses/${draft.courseId}/draft`,
        body: { revision: draft.revision, content: sampleContent({ summary: 'Revised summary.' }) },
      };
    },
    numberFields: ['revision'],
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/draft/people',
    audience: 'admin',
    call: async (app) => {
      const draft = await newReadyDraft(app);
      return {
        url: `/api/v1/admin/courses/${draft.courseId}/draft/people`,
        body: {
          revision: draft.revision,
          person: {
            name: 'Dr Noor Haddad',
            credentials: 'MD',
            role: 'planner',
            disclosure: { disclosedOn: '2026-06-01', relationships: [] },
          },
        },
      };
    },
    numberFields: ['revision'],
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/courses/{id}/draft/people/{personId}',
    audience: 'admin',
    call: async (app) => {
      const draft = await newReadyDraft(app);
      return {
        url: `/api/v1/admin/courses/${draft.courseId}/draft/people/${sampleContent().people[0]!.id}`,
        body: {
          revision: draft.revision,
          person: {
            name: 'Dr Ines Calloway',
            credentials: 'MD, PhD',
            role: 'faculty',
            disclosure: {
              disclosedOn: '2026-06-01',
              relationships: [{ company: 'Acme Biologics', nature: 'Consulting fees', relevant: true }],
              mitigation: 'Content peer reviewed by a planner without relationships.',
            },
          },
        },
      };
    },
    numberFields: ['revision'],
    uuidParams: ['id', 'personId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/draft/checklist',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newReadyDraft(app)).courseId}/draft/checklist`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/draft/publish',
    audience: 'admin',
    call: async (app) => {
      const draft = await newReadyDraft(app);
      return {
        url: `/api/v1/admin/courses/${draft.courseId}/draft/publish`,
        body: { revision: draft.revision },
      };
    },
    numberFields: ['revision'],
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/versions',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newPublishedCourse(app)).courseId}/versions`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/versions/{number}',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newPublishedCourse(app)).courseId}/versions/1`,
    }),
    uuidParams: ['id'],
    badParams: { number: 'first' },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/versions/{number}/export',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newPublishedCourse(app)).courseId}/versions/1/export`,
    }),
    uuidParams: ['id'],
    badParams: { number: '1.5' },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/versions/{from}/diff/{to}',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newPublishedCourse(app)).courseId}/versions/1/diff/1`,
    }),
    uuidParams: ['id'],
    badParams: { from: 'x', to: '-' },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/media',
    audience: 'admin',
    call: async () => ({
      url: '/api/v1/admin/media',
      raw: multipartFile('file', 'pelvis.png', 'image/png', tinyPng(7)),
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/lessons/{lessonId}/figures',
    audience: 'admin',
    uuidParams: ['id', 'lessonId'],
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newReadyDraft(app)).courseId}/lessons/${sampleContent().modules[0]!.lessons[0]!.id}/figures`,
      raw: multipartFile('file', 'pelvis.png', 'image/png', tinyPng(8), { alt: 'The pelvis from behind' }),
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/lessons/{lessonId}/video',
    audience: 'admin',
    uuidParams: ['id', 'lessonId'],
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newReadyDraft(app)).courseId}/lessons/${sampleContent().modules[0]!.lessons[0]!.id}/video`,
      raw: multipartBody(
        [
          { field: 'file', fileName: 'psis.mp4', contentType: 'video/mp4', bytes: tinyMp4() },
          { field: 'captions', fileName: 'psis.vtt', contentType: 'text/vtt', bytes: webVtt() },
        ],
        { title: 'Palpating the PSIS' },
      ),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/me/enrollments',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/enrollments' }),
  },
  {
    method: 'POST',
    path: '/api/v1/me/enrollments',
    audience: 'learner',
    call: async (app) => ({
      url: '/api/v1/me/enrollments',
      body: { courseId: (await newPublishedCourse(app)).slug },
    }),
    stringFields: ['courseId'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/courses/{slug}/credit',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/courses/${await finishedCourse(app, caller, false)}/credit`,
    }),
    badParams: { slug: 'Not A Slug!' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/courses/{slug}/evaluation',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/courses/${await finishedCourse(app, caller, false)}/evaluation`,
      body: {
        objectivesMet: 4,
        freeOfCommercialBias: 5,
        relevantToPractice: 4,
        intendedChange: 'Image guidance for every harvest.',
      },
    }),
    stringFields: ['intendedChange'],
    numberFields: ['objectivesMet', 'freeOfCommercialBias', 'relevantToPractice'],
    badParams: { slug: 'Not A Slug!' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/courses/{slug}/credit-claims',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/courses/${await finishedCourse(app, caller, true)}/credit-claims`,
      body: { claims: [{ type: 'AMA PRA Category 1 Credit™', amount: 1.75 }] },
    }),
    badParams: { slug: 'Not A Slug!' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/enrollments/{courseId}/disclosures',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => {
      const { slug } = await newPublishedCourse(app);
      if (caller?.roles.includes('learner')) {
        await app.get(LearningService).enrol(caller.id, slug);
      }
      return { url: `/api/v1/me/enrollments/${slug}/disclosures` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/modules/{moduleId}/questions',
    audience: 'admin',
    call: async (app) => {
      const { courseId } = await newPublishedCourse(app);
      await newQuestionBank(app, courseId, MODULE_ID);
      return { url: `/api/v1/admin/courses/${courseId}/modules/${MODULE_ID}/questions` };
    },
    uuidParams: ['id', 'moduleId'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/courses/{id}/modules/{moduleId}/questions',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/courses/${(await newDraftCourse(app)).courseId}/modules/${MODULE_ID}/questions`,
      body: { ...SAMPLE_QUESTIONS[0] },
    }),
    stringFields: ['type', 'prompt', 'explanation', 'reference'],
    uuidParams: ['id', 'moduleId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/questions/{questionId}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/questions/${await draftQuestion(app)}` }),
    uuidParams: ['questionId'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/questions/{questionId}',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/questions/${await draftQuestion(app)}`,
      body: { ...SAMPLE_QUESTIONS[0], prompt: 'Which landmark comes first?' },
    }),
    stringFields: ['type', 'prompt', 'explanation', 'reference'],
    uuidParams: ['questionId'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/questions/{questionId}/replacement',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/questions/${await draftQuestion(app)}/replacement`,
      body: { ...SAMPLE_QUESTIONS[0], prompt: 'Which landmark comes first?' },
    }),
    stringFields: ['type', 'prompt', 'explanation', 'reference'],
    uuidParams: ['questionId'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/admin/questions/{questionId}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/questions/${await draftQuestion(app)}` }),
    uuidParams: ['questionId'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/courses/{slug}/modules/{moduleId}/quiz',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/courses/${await quizCourse(app, caller)}/modules/${MODULE_ID}/quiz`,
    }),
    uuidParams: ['moduleId'],
    badParams: { slug: 'Not A Slug!' },
  },
  {
    method: 'POST',
    path: '/api/v1/me/courses/{slug}/modules/{moduleId}/quiz/attempts',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/courses/${await quizCourse(app, caller)}/modules/${MODULE_ID}/quiz/attempts`,
    }),
    uuidParams: ['moduleId'],
    badParams: { slug: 'Not A Slug!' },
  },
  {
    method: 'GET',
    path: '/api/v1/me/attempts/{attemptId}',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({ url: `/api/v1/me/attempts/${await openAttempt(app, caller)}` }),
    uuidParams: ['attemptId'],
  },
  {
    method: 'PUT',
    path: '/api/v1/me/attempts/{attemptId}/answers',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/attempts/${await openAttempt(app, caller)}/answers`,
      body: { answers: {} },
    }),
    uuidParams: ['attemptId'],
  },
  {
    method: 'PUT',
    path: '/api/v1/me/attempts/{attemptId}/questions/{questionId}',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => {
      const { attemptId, questionId } = await openAttemptQuestion(app, caller);
      return { url: `/api/v1/me/attempts/${attemptId}/questions/${questionId}`, body: { flagged: true } };
    },
    uuidParams: ['attemptId', 'questionId'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/attempts/{attemptId}/submit',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/attempts/${await openAttempt(app, caller)}/submit`,
      body: { answers: {} },
    }),
    uuidParams: ['attemptId'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/notifications',
    audience: 'authenticated',
    call: async () => ({ url: '/api/v1/me/notifications?limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/notifications/{id}/read',
    audience: 'authenticated',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/notifications/${await newNotification(app, caller?.id ?? (await newUser(app)).id)}/read`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/emails/failed',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/emails/failed?limit=10' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/emails/{id}/retry',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/emails/${await newFailedEmail(app, (await newUser(app)).id)}/retry`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/email',
    audience: 'authenticated',
    call: async () => ({
      url: '/api/v1/me/email',
      body: { email: signUpBody().email, currentPassword: TEST_PASSWORD },
    }),
    stringFields: ['email', 'currentPassword'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/email/confirmation',
    audience: 'authenticated',
    forCaller: true,
    call: async (app, caller) => {
      if (caller) {
        await unconfirmEmail(app, caller.id);
      }
      return { url: '/api/v1/me/email/confirmation' };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/me/sessions',
    audience: 'authenticated',
    call: async () => ({ url: '/api/v1/me/sessions' }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/sessions/{id}',
    audience: 'authenticated',
    forCaller: true,
    call: async (app, caller) => {
      // Another session of the caller's own (of a new account for a caller without one).
      const other = await app.get(SessionsService).issue(caller?.id ?? (await newUser(app)).id, 'web');
      return { url: `/api/v1/me/sessions/${other.session.id}` };
    },
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/sessions/sign-out-others',
    audience: 'authenticated',
    call: async () => ({ url: '/api/v1/me/sessions/sign-out-others' }),
  },
  // Certificates and verification
  {
    method: 'GET',
    path: '/api/v1/me/certificates',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/certificates' }),
  },
  {
    method: 'GET',
    path: '/api/v1/me/transcript',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/transcript?from=2026-01-01&to=2026-12-31' }),
  },
  {
    method: 'GET',
    path: '/api/v1/me/transcript/pdf',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/transcript/pdf?from=2026-01-01&to=2026-12-31' }),
  },
  {
    method: 'GET',
    path: '/api/v1/certificates/{number}/pdf',
    audience: 'holder',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/certificates/${await holderCertificate(app, caller)}/pdf`,
    }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'GET',
    path: '/api/v1/certificates/{number}/credential',
    audience: 'holder',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/certificates/${await holderCertificate(app, caller)}/credential`,
    }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/certificates/{number}/exchanges',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/certificates/${await holderCertificate(app, caller)}/exchanges`,
      body: {},
    }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/exchanges/{exchangeId}',
    audience: 'public',
    call: async (app) => {
      const { userId, certificate } = await completedCourse(app);
      const { exchangeId } = await app.get(WalletExchangesService).create(userId, certificate.number);
      return { url: `/api/v1/exchanges/${exchangeId}`, body: {} };
    },
    badParams: { exchangeId: 'not-a-wallet-link' },
  },
  {
    method: 'GET',
    path: '/api/v1/verify/{number}',
    audience: 'public',
    call: async (app) => ({ url: `/api/v1/verify/${(await completedCourse(app)).certificate.number}` }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/verify',
    audience: 'public',
    call: async (app) => ({
      url: '/api/v1/verify',
      body: { numbers: [(await completedCourse(app)).certificate.number, newCertificateNumber()] },
    }),
  },
  {
    method: 'GET',
    path: '/issuer',
    audience: 'public',
    call: async () => ({ url: '/issuer' }),
  },
  {
    method: 'GET',
    path: '/.well-known/did.json',
    audience: 'public',
    call: async () => ({ url: '/.well-known/did.json' }),
  },
  {
    method: 'GET',
    path: '/credentials/status/{keyId}/{listNo}',
    audience: 'public',
    call: async (app) => ({ url: `/credentials/status/${await signingKeyIdOfNewCertificate(app)}/0` }),
    uuidParams: ['keyId'],
    badParams: { listNo: 'first' },
  },
  {
    method: 'GET',
    path: '/credentials/status/{purpose}/{keyId}/{listNo}',
    audience: 'public',
    call: async (app) => ({
      url: `/credentials/status/revocation/${await signingKeyIdOfNewCertificate(app)}/0`,
    }),
    uuidParams: ['keyId'],
    badParams: { purpose: 'renewal', listNo: 'first' },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/certificates',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/certificates?limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/certificates/{number}',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/certificates/${(await completedCourse(app)).certificate.number}`,
    }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/certificates/{number}/status',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/certificates/${(await completedCourse(app)).certificate.number}/status`,
      body: { status: 'suspended', reason: 'under_review', note: 'Checking the lab records.' },
    }),
    stringFields: ['status'],
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/certificates/{number}/reissue',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/certificates/${(await completedCourse(app)).certificate.number}/reissue`,
    }),
    badParams: { number: 'not/a number!' },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/issuer/keys/rotate',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/issuer/keys/rotate' }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/issuer/keys/{keyId}/revoke',
    audience: 'admin',
    // A retired key of its own, so revoking it leaves the academy's current key alone.
    call: async (app) => {
      const { previous } = await app.get(IssuerKeys).rotate();
      return {
        url: `/api/v1/admin/issuer/keys/${previous!.id}/revoke`,
        body: { reason: 'Exposed in a test backup' },
      };
    },
    uuidParams: ['keyId'],
    stringFields: ['reason'],
  },
  // Ledger
  {
    method: 'GET',
    path: '/ledger/checkpoints',
    audience: 'public',
    call: async () => ({ url: '/ledger/checkpoints?limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/ledger/verify',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/ledger/verify' }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/ledger/checkpoints',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/ledger/checkpoints' }),
  },
  {
    method: 'GET',
    path: '/api/v1/admin/ledger/entries',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/ledger/entries?after=0&limit=50' }),
    numericQuery: ['after', 'limit'],
  },
  // Skills labs
  {
    method: 'GET',
    path: '/api/v1/courses/{id}/labs',
    audience: 'public',
    call: async (app) => ({
      url: `/api/v1/courses/${(await labOfCourse(app, undefined)).lab.courseId}/labs`,
    }),
    badParams: { id: 'Not A Slug!' },
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}',
    audience: 'public',
    call: async (app) => ({ url: `/api/v1/labs/${(await labOfCourse(app, undefined)).lab.id}` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/labs/{id}/bookings',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => {
      const { lab } = await labOfCourse(app, caller);
      return { url: `/api/v1/labs/${lab.id}/bookings` };
    },
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/outside-credits',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/outside-credits?limit=20&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/outside-credits',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/outside-credits', body: outsideCreditBody() }),
    stringFields: ['provider', 'activity', 'completedOn', 'creditType'],
    numberFields: ['amount'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/outside-credits/{id}',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/outside-credits/${await learnerOutsideCredit(app, caller)}`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/outside-credits/{id}/file',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/outside-credits/${await learnerOutsideCredit(app, caller)}/file`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/bookings',
    audience: 'learner',
    call: async () => ({ url: '/api/v1/me/bookings' }),
  },
  {
    method: 'GET',
    path: '/api/v1/me/bookings/{id}',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({ url: `/api/v1/me/bookings/${await learnerBooking(app, caller)}` }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/me/bookings/{id}/calendar',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/bookings/${await learnerBooking(app, caller)}/calendar`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/bookings/{id}/cancel',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({ url: `/api/v1/me/bookings/${await learnerBooking(app, caller)}/cancel` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/bookings/{id}/accept',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/bookings/${await learnerBooking(app, caller, { offered: true })}/accept`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/me/bookings/{id}/decline',
    audience: 'learner',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/me/bookings/${await learnerBooking(app, caller, { offered: true })}/decline`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/instructor/labs',
    audience: 'instructor',
    call: async () => ({ url: '/api/v1/instructor/labs' }),
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}/roster',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => ({ url: `/api/v1/labs/${(await labOfCourse(app, caller)).lab.id}/roster` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/labs/{id}/check-in',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'confirmed');
      return { url: `/api/v1/labs/${lab.id}/check-in`, body: { ticketCode: booking.ticketCode } };
    },
    stringFields: ['ticketCode'],
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}/ticket',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'confirmed');
      return { url: `/api/v1/labs/${lab.id}/ticket?ticketCode=${booking.ticketCode}` };
    },
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}/roster.csv',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/labs/${(await seatOnRoster(app, caller, 'confirmed')).lab.id}/roster.csv`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}/sign-in-sheet.pdf',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => ({
      url: `/api/v1/labs/${(await seatOnRoster(app, caller, 'confirmed')).lab.id}/sign-in-sheet.pdf`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/labs/{id}/bookings/{bookingId}/attendance',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'confirmed');
      return {
        url: `/api/v1/labs/${lab.id}/bookings/${booking.id}/attendance`,
        body: { attendance: 'present' },
      };
    },
    stringFields: ['attendance'],
    uuidParams: ['id', 'bookingId'],
  },
  {
    method: 'GET',
    path: '/api/v1/labs/{id}/bookings/{bookingId}/checklist',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'confirmed');
      return { url: `/api/v1/labs/${lab.id}/bookings/${booking.id}/checklist` };
    },
    uuidParams: ['id', 'bookingId'],
  },
  {
    method: 'PUT',
    path: '/api/v1/labs/{id}/bookings/{bookingId}/checklist/{stepId}',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'checked-in');
      return {
        url: `/api/v1/labs/${lab.id}/bookings/${booking.id}/checklist/landmarking`,
        body: { level: 4, comment: 'Found the PSIS first time.' },
      };
    },
    numberFields: ['level'],
    uuidParams: ['id', 'bookingId'],
    badParams: { stepId: 'Not A Step!' },
  },
  {
    method: 'POST',
    path: '/api/v1/labs/{id}/bookings/{bookingId}/checklist/sign',
    audience: 'instructor',
    forCaller: true,
    call: async (app, caller) => {
      const { lab, booking } = await seatOnRoster(app, caller, 'recorded');
      return { url: `/api/v1/labs/${lab.id}/bookings/${booking.id}/checklist/sign` };
    },
    uuidParams: ['id', 'bookingId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/labs',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/labs?limit=10&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/labs',
    audience: 'admin',
    call: async (app) => {
      const { courseId } = await newPublishedCourse(app);
      const instructor = await newUser(app, { roles: ['instructor'] });
      return {
        url: '/api/v1/admin/labs',
        body: labScheduleBody({ courseId, instructorIds: [instructor.id] }),
      };
    },
    stringFields: ['title', 'venueName', 'venueAddress', 'timeZone', 'startsAt', 'endsAt', 'courseId'],
    numberFields: ['capacity'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/labs/{id}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/labs/${(await labOfCourse(app, undefined)).lab.id}` }),
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/labs/{id}',
    audience: 'admin',
    call: async (app) => {
      const { lab } = await labOfCourse(app, undefined);
      return {
        url: `/api/v1/admin/labs/${lab.id}`,
        body: labScheduleBody({
          startsAt: lab.startsAt.toISOString(),
          endsAt: lab.endsAt.toISOString(),
          capacity: 20,
          instructorIds: lab.instructorIds,
        }),
      };
    },
    stringFields: ['title', 'venueName', 'venueAddress', 'timeZone', 'startsAt', 'endsAt'],
    numberFields: ['capacity'],
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/labs/{id}/bookings',
    audience: 'admin',
    call: async (app) => {
      const { lab, slug } = await labOfCourse(app, undefined);
      const learner = await eligibleLearner(app, slug);
      return { url: `/api/v1/admin/labs/${lab.id}/bookings`, body: { userId: learner.id } };
    },
    stringFields: ['userId'],
    uuidParams: ['id'],
  },
  // Dashboard, item analysis, verifier organisations, data retention
  {
    method: 'GET',
    path: '/api/v1/admin/dashboard',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/dashboard?courseId=${(await newPublishedCourse(app)).courseId}&from=2026-01-01&to=2026-12-31`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/admin/courses/{id}/modules/{moduleId}/item-analysis',
    audience: 'admin',
    call: async (app) => {
      const { courseId } = await newPublishedCourse(app);
      await newQuestionBank(app, courseId, MODULE_ID);
      return { url: `/api/v1/admin/courses/${courseId}/modules/${MODULE_ID}/item-analysis` };
    },
    uuidParams: ['id', 'moduleId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/organisations/{id}/members',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/organisations/${await organisationId(app)}/members` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/organisations/{id}/members',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/organisations/${await organisationId(app)}/members`,
      body: { email: (await newUser(app)).email },
    }),
    stringFields: ['email'],
    uuidParams: ['id'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/admin/organisations/{id}/members/{userId}',
    audience: 'admin',
    call: async (app) => {
      const id = await organisationId(app);
      const member = await app.get(UsersService).joinOrganisation(id, (await newUser(app)).email);
      return { url: `/api/v1/admin/organisations/${id}/members/${member.id}` };
    },
    uuidParams: ['id', 'userId'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/organisations/{id}/members/{userId}/manager',
    audience: 'admin',
    call: async (app) => {
      const id = await organisationId(app);
      const member = await app.get(UsersService).joinOrganisation(id, (await newUser(app)).email);
      return { url: `/api/v1/admin/organisations/${id}/members/${member.id}/manager` };
    },
    uuidParams: ['id', 'userId'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/admin/organisations/{id}/members/{userId}/manager',
    audience: 'admin',
    call: async (app) => {
      const id = await organisationId(app);
      const member = await app.get(UsersService).joinOrganisation(id, (await newUser(app)).email);
      await app.get(UsersService).setOrganisationManager(id, member.id, true);
      return { url: `/api/v1/admin/organisations/${id}/members/${member.id}/manager` };
    },
    uuidParams: ['id', 'userId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/organisations/{id}/verifications',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/organisations/${await organisationId(app)}/verifications?limit=20&offset=0`,
    }),
    numericQuery: ['limit', 'offset'],
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/verifier/verifications',
    audience: 'verifier',
    call: async () => ({ url: '/api/v1/verifier/verifications?limit=20&offset=0' }),
    numericQuery: ['limit', 'offset'],
  },
  // A verifier's own organisation's keys: the calling verifier joins a new organisation.
  {
    method: 'GET',
    path: '/api/v1/verifier/api-keys',
    audience: 'verifier',
    forCaller: true,
    call: async (app, caller) => {
      await verifierOrganisation(app, caller);
      return { url: '/api/v1/verifier/api-keys' };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/verifier/api-keys',
    audience: 'verifier',
    forCaller: true,
    call: async (app, caller) => {
      await verifierOrganisation(app, caller);
      return { url: '/api/v1/verifier/api-keys', body: { name: 'Licensing system' } };
    },
    stringFields: ['name'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/verifier/api-keys/{keyId}',
    audience: 'verifier',
    forCaller: true,
    call: async (app, caller) => {
      const key = await organisationKey(app, await verifierOrganisation(app, caller));
      return { url: `/api/v1/verifier/api-keys/${key.id}` };
    },
    uuidParams: ['keyId'],
  },
  {
    method: 'GET',
    path: '/api/v1/verifier/api-key-failures',
    audience: 'verifier',
    forCaller: true,
    call: async (app, caller) => {
      await verifierOrganisation(app, caller);
      return { url: '/api/v1/verifier/api-key-failures' };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/two-factor/reset',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/users/${(await newUser(app, { secondFactor: true })).id}/two-factor/reset`,
    }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users/{id}/anonymise',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/users/${await targetUserId(app)}/anonymise` }),
    uuidParams: ['id'],
  },
  // Reports and the ACCME export: every one filtered by course, version and period, also as CSV.
  ...[
    'activity',
    'activity/csv',
    'evaluations',
    'evaluations/csv',
    'learning-gain',
    'learning-gain/csv',
    'accme/activities',
    'accme/activities/csv',
    'accme/learners',
    'accme/learners/csv',
  ].map((report): JsonRoute => ({
    method: 'GET',
    path: `/api/v1/admin/reports/${report}`,
    audience: 'admin',
    call: async (app) => ({ url: await reportUrl(app, `/api/v1/admin/reports/${report}`) }),
    numericQuery: ['version'],
  })),
  {
    method: 'PUT',
    path: '/api/v1/admin/reports/accme/activities/{courseVersionId}',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/reports/accme/activities/${await publishedVersionId(app)}`,
      body: { accmeActivityId: newAccmeActivityId() },
    }),
    stringFields: ['accmeActivityId'],
    uuidParams: ['courseVersionId'],
  },
  ...['', '/csv'].map((suffix): JsonRoute => ({
    method: 'GET',
    path: `/api/v1/admin/reports/transcript/{userId}${suffix}`,
    audience: 'admin',
    call: async (app) => ({
      url: await reportUrl(app, `/api/v1/admin/reports/transcript/${await targetUserId(app)}${suffix}`),
    }),
    numericQuery: ['version'],
    uuidParams: ['userId'],
  })),
  {
    method: 'GET',
    path: '/api/v1/admin/learners',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/learners?q=dr&limit=5' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/learners/{id}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/learners/${(await newUser(app)).id}` }),
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/learners/{id}/extra-attempts',
    audience: 'admin',
    call: async (app) => {
      const { learner, enrolmentId, moduleId } = await learnerMidQuiz(app);
      return {
        url: `/api/v1/admin/learners/${learner.id}/extra-attempts`,
        body: { enrolmentId, moduleId, reason: 'Lost connection' },
      };
    },
    stringFields: ['enrolmentId', 'moduleId', 'reason'],
    uuidParams: ['id'],
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/learners/{id}/accommodation',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/learners/${(await newUser(app)).id}/accommodation`,
      body: { extraTimePercent: 50, extraMinutes: 0, reason: 'Documented need' },
    }),
    stringFields: ['reason'],
    numberFields: ['extraTimePercent', 'extraMinutes'],
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/learners/{id}/accommodation/end',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/learners/${(await newUser(app)).id}/accommodation/end`,
      body: { reason: 'No longer needed' },
    }),
    stringFields: ['reason'],
    uuidParams: ['id'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/learners/{id}/attempts/{attemptId}/extend',
    audience: 'admin',
    call: async (app) => {
      const { learner, attemptId } = await learnerMidQuiz(app);
      return {
        url: `/api/v1/admin/learners/${learner.id}/attempts/${attemptId}/extend`,
        body: { minutes: 10, reason: 'Fire alarm' },
      };
    },
    stringFields: ['reason'],
    numberFields: ['minutes'],
    uuidParams: ['id', 'attemptId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/cohorts',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/cohorts' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'POST',
    path: '/api/v1/admin/cohorts',
    audience: 'admin',
    call: async (app) => ({
      url: '/api/v1/admin/cohorts',
      body: {
        name: `Fellows ${Math.random().toString(36).slice(2)}`,
        courseId: (await newPublishedCourse(app)).courseId,
      },
    }),
    stringFields: ['name', 'courseId'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/cohorts/{id}',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/cohorts/${(await newCohort(app)).cohort.id}` }),
    uuidParams: ['id'],
  },
  {
    // Its list's bad input (not text, no people, unreadable) is in cohorts.e2e-spec.ts: an
    // overlong string is still a list, answered line by line.
    method: 'POST',
    path: '/api/v1/admin/cohorts/{id}/members',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/cohorts/${(await newCohort(app)).cohort.id}/members`,
      body: { list: `email\n${(await newUser(app)).email}\n` },
    }),
    uuidParams: ['id'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/board-reports',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/board-reports?state=queued&board=ABIM' }),
    numericQuery: ['limit', 'offset'],
  },
  {
    method: 'GET',
    path: '/api/v1/admin/board-reports/batches',
    audience: 'admin',
    call: async () => ({ url: '/api/v1/admin/board-reports/batches' }),
  },
  {
    method: 'POST',
    path: '/api/v1/admin/board-reports/batches',
    audience: 'admin',
    call: async (app) => {
      await readyBoardReport(app);
      return { url: '/api/v1/admin/board-reports/batches' };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/board-reports/batches/{number}/csv',
    audience: 'admin',
    call: async (app) => ({
      url: `/api/v1/admin/board-reports/batches/${(await boardReportBatch(app)).batch.number}/csv`,
    }),
    badParams: { number: 'three' },
  },
  {
    // Its file's bad input (rows of no record, another batch, no Result) is in
    // board-reporting.e2e-spec.ts: an overlong string is still a file, refused row by row.
    method: 'POST',
    path: '/api/v1/admin/board-reports/results',
    audience: 'admin',
    call: async (app) => {
      const batch = await boardReportBatch(app);
      return {
        url: '/api/v1/admin/board-reports/results',
        body: { batch: batch.batch.number, csv: resultFile(batch.content) },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/board-reports/{id}/requeue',
    audience: 'admin',
    call: async (app) => ({ url: `/api/v1/admin/board-reports/${await rejectedBoardReport(app)}/requeue` }),
    uuidParams: ['id'],
  },
];
/** A report's URL filtered by a published course, its first version and a year. */
async function reportUrl(app: NestFastifyApplication, path: string): Promise<string> {
  const { courseId } = await newPublishedCourse(app);
  return `${path}?courseId=${courseId}&version=1&from=2026-01-01&to=2026-12-31`;
}

/** The id of a new published course's version 1: one ACCME activity. */
export async function publishedVersionId(app: NestFastifyApplication): Promise<string> {
  const { courseId } = await newPublishedCourse(app);
  return (await app.get(CoursesService).getVersion(courseId, 1)).id;
}

/** An ACCME Activity ID as PARS assigns them (12 digits), unlikely to be recorded already. */
export function newAccmeActivityId(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

const MODULE_ID = sampleContent().modules[0]!.id;

/** A course with a quiz bank the caller (if a learner) is enrolled in; answers its slug. */
async function quizCourse(
  app: NestFastifyApplication,
  caller: { id: string; roles: string[] } | undefined,
): Promise<string> {
  const { courseId, slug } = await newPublishedCourse(app);
  await newQuestionBank(app, courseId, MODULE_ID);
  if (caller?.roles.includes('learner')) {
    await enrolReady(app, caller.id, slug);
  }
  return slug;
}

/** An open attempt of the caller's (or of some learner's, for callers who may not have one). */
async function openAttempt(
  app: NestFastifyApplication,
  caller: { id: string; roles: string[] } | undefined,
): Promise<string> {
  const learner = caller?.roles.includes('learner') ? caller : await newUser(app);
  const slug = await quizCourse(app, { id: learner.id, roles: ['learner'] });
  return (await app.get(AttemptsService).start(learner.id, slug, MODULE_ID)).attemptId;
}

/** An open attempt of the caller's (or of some learner's) and the first question it serves. */
export async function openAttemptQuestion(
  app: NestFastifyApplication,
  caller: { id: string; roles: string[] } | undefined,
): Promise<{ attemptId: string; questionId: string }> {
  const learner = caller?.roles.includes('learner') ? caller : await newUser(app);
  const attemptId = await openAttempt(app, { id: learner.id, roles: ['learner'] });
  const view = await app.get(AttemptsService).view(learner.id, attemptId);
  return { attemptId, questionId: view.attempt.served[0]!.questionId };
}

/** A course the caller (if a learner) has finished up to credit; answers its slug. */
async function finishedCourse(
  app: NestFastifyApplication,
  caller: { id: string; roles: string[] } | undefined,
  evaluated: boolean,
): Promise<string> {
  const { slug } = await newPublishedCourse(app);
  if (caller?.roles.includes('learner')) {
    await finishCourse(app, caller.id, slug, { evaluated });
  }
  return slug;
}

/** Replaces a `{param}` segment's value in a concrete URL built from `path`. */
export function withParam(route: JsonRoute, url: string, param: string, value: string): string {
  const templateSegments = route.path.split('/');
  const urlSegments = (url.split('?')[0] ?? url).split('/');
  const index = templateSegments.indexOf(`{${param}}`);
  urlSegments[index] = value;
  return urlSegments.join('/');
}

function labScheduleBody(overrides: Record<string, unknown>): Record<string, unknown> {
  const startsAt = Date.now() + 14 * 86_400_000;
  return {
    title: 'Bone marrow harvest skills lab',
    venueName: 'Anatomy teaching centre',
    venueAddress: 'Philippstraße 11, 10115 Berlin',
    timeZone: 'Europe/Berlin',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
    capacity: 12,
    offerHoldHours: 24,
    ...overrides,
  };
}

/** A certificate the caller may read: their own when a learner, anyone's otherwise (an admin reads all). */
/** The key that signed a newly issued certificate's credential (its status lists are published). */
async function signingKeyIdOfNewCertificate(app: NestFastifyApplication): Promise<string> {
  const { certificate } = await completedCourse(app);
  const service = app.get(CertificatesService);
  await service.credential(certificate);
  return (await service.byNumber(certificate.number)).issuerKeyId!;
}

async function holderCertificate(
  app: NestFastifyApplication,
  caller: { id: string; roles: string[] } | undefined,
): Promise<string> {
  const userId = caller?.roles.includes('learner') ? caller.id : undefined;
  return (await completedCourse(app, { userId })).certificate.number;
}
