import type { FastifyReply, FastifyRequest } from 'fastify';
import { FALLBACK_ZONE, readerOf, renderPage, timeZoneChoices } from '@academy/core';
import { toUserDto } from '../dto/user.dto';
import { DEGREES } from '../users/user.entity';
import { UsersService } from '../users/users.service';

export const PROFILE_VIEW = 'libs/identity/views/profile.hbs';

/** What one of the profile page's forms sends back with its problems. */
export interface ProfileFormState {
  values?: unknown;
  fields?: Record<string, string[]>;
  passwordFields?: Record<string, string[]>;
  emailValues?: unknown;
  emailFields?: Record<string, string[]>;
  formError?: string;
  notice?: string;
}

/** The profile page's model: the account as it is, and the state of the form that was sent. */
export async function profileModel(
  users: UsersService,
  userId: string,
  state: ProfileFormState = {},
  readerZone?: string,
): Promise<Record<string, unknown>> {
  const account = toUserDto(await users.get(userId));
  // A person with no zone yet sees the one their browser reports (or UTC) chosen.
  const profile = { ...account, timeZone: account.timeZone ?? readerZone ?? FALLBACK_ZONE };
  return {
    title: 'Your profile',
    timeZones: timeZoneChoices(),
    degrees: DEGREES,
    profile,
    values: state.values ?? profile,
    fields: state.fields ?? {},
    passwordFields: state.passwordFields ?? {},
    emailValues: state.emailValues ?? {},
    emailFields: state.emailFields ?? {},
    formError: state.formError,
    notice: state.notice,
  };
}

/** The profile page again, with a form's problems (400 unless told). */
export async function profileAgain(
  request: FastifyRequest,
  reply: FastifyReply,
  users: UsersService,
  userId: string,
  state: ProfileFormState,
  status = 400,
): Promise<void> {
  await renderPage(
    request,
    reply,
    PROFILE_VIEW,
    await profileModel(users, userId, state, readerOf(request).zone),
    status,
  );
}
