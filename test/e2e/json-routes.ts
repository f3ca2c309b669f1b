import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeysService } from '@academy/identity';
import { COURSE_DOCUMENT_FORMAT } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse, newReadyDraft, newSlug } from '../factories/courses';
import { multipartFile, tinyPng } from '../factories/images';
import { newUser, signUpBody, TEST_PASSWORD } from '../factories/users';

/** Who a route is for, as its access decorator says. */
export type Audience = 'public' | 'authenticated' | 'learner' | 'admin' | 'apiKey';

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
  /** Builds a valid call; may create what the call needs (a target user, an organisation). */
  call(app: NestFastifyApplication): Promise<RouteCall>;
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
];

/** Replaces a `{param}` segment's value in a concrete URL built from `path`. */
export function withParam(route: JsonRoute, url: string, param: string, value: string): string {
  const templateSegments = route.path.split('/');
  const urlSegments = (url.split('?')[0] ?? url).split('/');
  const index = templateSegments.indexOf(`{${param}}`);
  urlSegments[index] = value;
  return urlSegments.join('/');
}
