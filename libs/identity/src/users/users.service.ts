import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import {
  AuditService,
  Clock,
  Database,
  isTimeZone,
  pgConstraint,
  Role,
  usStateCode,
  emitInTurn,
} from '@academy/core';
import type { Reader } from '@academy/core';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { PasswordService } from '../passwords/password.service';
import { SessionsService } from '../sessions/sessions.service';
import { EmailConfirmationService } from '../email/email-confirmation.service';
import { checkedLicence, ReportingProfileService } from '../reporting/reporting-profile.service';
import type { MedicalLicence } from '../reporting/reporting-profile.types';
import { Degree, UserEntity } from './user.entity';
import {
  SIGN_UP_FOR_EXISTING_ACCOUNT,
  SignUpForExistingAccount,
  USER_ANONYMISED,
  USER_CREATED,
  UserAnonymised,
  UserCreated,
} from './user-events';
import { UserRepository } from './user.repository';

export interface ProfileFields {
  fullName: string;
  /** The IANA zone dates are said in; left out, it stays as it is. */
  timeZone?: string;
  degree: Degree;
  specialty: string;
  npi?: string;
  /**
   * One medical licence (sign-up and the profile form ask for one): its state, by code or name,
   * and number. Recorded in the reporting profile beside any others, replacing that state's.
   */
  licenceState?: string;
  licenceNumber?: string;
}

/** A profile edit: degree and specialty may be left out by staff, never by learners. */
export type ProfileUpdate = Omit<ProfileFields, 'degree' | 'specialty'> &
  Partial<Pick<ProfileFields, 'degree' | 'specialty'>>;

export interface NewAccount {
  email: string;
  fullName: string;
  password: string;
  roles: Role[];
  profile?: Omit<ProfileFields, 'fullName'>;
  organisationId?: string;
}

/** Accounts: sign-up, profile, password, roles, disabling. Every change is audited. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
    private readonly confirmations: EmailConfirmationService,
    private readonly reportingProfiles: ReportingProfileService,
  ) {}

  /**
   * Physician self sign-up: always and only the learner role. Answers the new account, or null
   * when the address already has one; both take the same work (a password hash, an insert, a
   * message), and the holder of a taken address is told by e-mail that someone tried.
   */
  async signUp(fields: ProfileFields & { email: string; password: string }): Promise<UserEntity | null> {
    const { email, password, fullName, ...profile } = fields;
    // Checked before anything else: a refused licence must not tell a taken address from a new one.
    licenceOf(profile);
    try {
      return await this.createAccount(
        { email, password, fullName, roles: ['learner'], profile },
        'user.signed_up',
      );
    } catch (error) {
      if (!(error instanceof IdentityError) || error.code !== IdentityErrorCode.EMAIL_TAKEN) {
        throw error;
      }
    }
    const holder = await this.users.findByEmail(email.toLowerCase());
    if (holder && !holder.disabledAt) {
      await this.db.withTransaction(async () => {
        await this.audit.record({
          action: 'user.sign_up_refused',
          subjectType: 'user',
          subjectId: holder.id,
          actorUserId: null,
          details: { reason: 'email_taken' },
        });
        await emitInTurn(this.events, SIGN_UP_FOR_EXISTING_ACCOUNT, new SignUpForExistingAccount(holder.id));
      });
    }
    return null;
  }

  /** An account created by an admin, with the roles the admin chose (its address counts as confirmed). */
  async createByAdmin(account: NewAccount): Promise<UserEntity> {
    return this.createAccount(account, 'user.created');
  }

  private async createAccount(
    account: NewAccount,
    action: 'user.signed_up' | 'user.created',
  ): Promise<UserEntity> {
    const email = account.email.toLowerCase();
    const licence = account.profile ? licenceOf(account.profile) : null;
    this.passwords.assertAcceptable(account.password, { email, fullName: account.fullName });
    // Hash before the transaction: argon2 takes tens of milliseconds on purpose.
    const passwordHash = await this.passwords.hash(account.password);
    const now = this.clock.now();
    try {
      return await this.db.withTransaction(async () => {
        const user = await this.users.insert({
          email,
          fullName: account.fullName,
          passwordHash,
          roles: [...new Set(account.roles)],
          degree: account.profile?.degree ?? null,
          specialty: account.profile?.specialty ?? null,
          npi: account.profile?.npi ?? null,
          organisationId: account.organisationId ?? null,
          organisationManager: false,
          // A physician confirms their own address by the link sent at sign-up; an admin vouches
          // for the address of an account they create.
          emailVerifiedAt: action === 'user.created' ? now : null,
          secondFactorAt: null,
          timeZone: account.profile?.timeZone ?? null,
          disabledAt: null,
          anonymisedAt: null,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record({
          action,
          subjectType: 'user',
          subjectId: user.id,
          // Somebody signing up is the actor of their own creation.
          ...(action === 'user.signed_up' ? { actorUserId: user.id } : {}),
          details: { roles: user.roles },
        });
        if (licence) {
          await this.reportingProfiles.setLicence(user.id, licence, { newAccount: true });
        }
        await emitInTurn(
          this.events,
          USER_CREATED,
          new UserCreated(user.id, action === 'user.signed_up' ? 'sign-up' : 'admin'),
        );
        if (action === 'user.signed_up') {
          await this.confirmations.sendForSignUp(user);
        }
        return user;
      });
    } catch (error) {
      const constraint = pgConstraint(error);
      if (constraint === 'app_user_email_key') {
        throw new IdentityError(
          IdentityErrorCode.EMAIL_TAKEN,
          'An account with this e-mail address already exists.',
          'email',
        );
      }
      if (constraint === 'app_user_organisation_id_fkey') {
        throw new IdentityError(
          IdentityErrorCode.ORGANISATION_NOT_FOUND,
          'No such verifier organisation.',
          'organisationId',
        );
      }
      throw error;
    }
  }

  async get(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return user;
  }

  /**
   * The account, held FOR SHARE until the surrounding transaction ends: a concurrent change to
   * it (a confirmation of its address) commits first and is seen, or waits for this transaction.
   */
  async getShared(userId: string): Promise<UserEntity> {
    const user = await this.users.findByIdShared(userId);
    if (!user) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return user;
  }

  /** Users by id, in one query (missing ids are left out). */
  byIds(userIds: string[]): Promise<UserEntity[]> {
    return this.users.findByIds([...new Set(userIds)]);
  }

  /** Active users holding a role, e.g. the instructors an admin may assign to a lab. */
  withRole(role: Role): Promise<UserEntity[]> {
    return this.users.findWithRole(role);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email);
  }

  /** Learners by a part of their name, e-mail or NPI, in any case, a page at a time. */
  findLearners(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: UserEntity[]; total: number }> {
    return this.users.findLearnersPage(filter);
  }

  list(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: UserEntity[]; total: number }> {
    return this.users.findPage(filter);
  }

  /** Updates the owner's profile; learners (physicians earning credit) must keep degree and specialty. */
  async updateProfile(userId: string, fields: ProfileUpdate): Promise<UserEntity> {
    const licence = licenceOf(fields);
    return this.db.withTransaction(async () => {
      const before = await this.get(userId);
      if (before.roles.includes('learner')) {
        for (const field of ['degree', 'specialty'] as const) {
          if (!fields[field]) {
            throw new IdentityError(
              IdentityErrorCode.PROFILE_FIELD_REQUIRED,
              `${field} is required for learners`,
              field,
            );
          }
        }
      }
      const changes = {
        fullName: fields.fullName,
        degree: fields.degree ?? null,
        specialty: fields.specialty ?? null,
        npi: fields.npi ?? null,
        timeZone: fields.timeZone ?? before.timeZone,
      };
      const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
        (key) => before[key] !== changes[key],
      );
      if (changed.length > 0) {
        await this.users.update(userId, { ...changes, updatedAt: this.clock.now() });
        await this.audit.record({
          action: 'user.profile_updated',
          subjectType: 'user',
          subjectId: userId,
          details: { fields: changed },
        });
      }
      if (licence) {
        await this.reportingProfiles.setLicence(userId, licence);
      }
      return this.get(userId);
    });
  }

  /** The zone the person's browser reports, kept when they have none yet (one they chose stays). */
  async noteBrowserTimeZone(userId: string, reader: Reader): Promise<void> {
    if (reader.zoneKnown !== false && isTimeZone(reader.zone)) {
      await this.users.setTimeZoneIfUnset(userId, reader.zone);
    }
  }

  /** Checks the current password, sets the new one and ends every session of the user. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.get(userId);
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new IdentityError(
        IdentityErrorCode.WRONG_CURRENT_PASSWORD,
        'Current password is not correct.',
        'currentPassword',
      );
    }
    await this.replacePassword(user, newPassword, 'user.password_changed');
  }

  /** Sets a password without the current one (admin reset, demo seeding); ends every session. */
  async resetPassword(userId: string, newPassword: string): Promise<void> {
    await this.replacePassword(await this.get(userId), newPassword, 'user.password_reset');
  }

  private async replacePassword(
    user: UserEntity,
    newPassword: string,
    action: 'user.password_changed' | 'user.password_reset',
  ): Promise<void> {
    this.passwords.assertAcceptable(newPassword, { email: user.email, fullName: user.fullName });
    const passwordHash = await this.passwords.hash(newPassword);
    await this.db.withTransaction(async () => {
      const now = this.clock.now();
      await this.users.update(user.id, { passwordHash, passwordChangedAt: now, updatedAt: now });
      const ended = await this.sessions.revokeAllForUser(user.id);
      await this.audit.record({
        action,
        subjectType: 'user',
        subjectId: user.id,
        details: { sessionsEnded: ended },
      });
    });
  }

  /** Replaces a user's roles; the last enabled admin keeps the admin role. */
  async setRoles(userId: string, roles: Role[]): Promise<UserEntity> {
    const wanted = [...new Set(roles)];
    return this.db.withTransaction(async () => {
      const admins = await this.users.lockActiveAdmins();
      const user = await this.get(userId);
      if (admins.length === 1 && admins[0] === userId && !wanted.includes('admin')) {
        throw new IdentityError(
          IdentityErrorCode.LAST_ADMIN,
          'The last admin cannot lose the admin role.',
          'roles',
        );
      }
      const from = [...user.roles].sort();
      const to = [...wanted].sort();
      if (from.join() !== to.join()) {
        // Without the verifier role a key manager stops managing: given it back, they would not
        // silently manage the keys again.
        const stopsManaging = user.organisationManager && !wanted.includes('verifier');
        await this.users.update(userId, {
          roles: wanted,
          ...(stopsManaging ? { organisationManager: false } : {}),
          updatedAt: this.clock.now(),
        });
        await this.audit.record({
          action: 'user.roles_changed',
          subjectType: 'user',
          subjectId: userId,
          details: { from, to },
        });
        if (stopsManaging) {
          await this.audit.record({
            action: 'organisation.manager_removed',
            subjectType: 'user',
            subjectId: userId,
            details: { organisationId: user.organisationId },
          });
        }
      }
      return this.get(userId);
    });
  }

  /** Disables an account and ends its sessions; it can no longer sign in. */
  async disable(userId: string, actorUserId: string): Promise<UserEntity> {
    if (userId === actorUserId) {
      throw new IdentityError(IdentityErrorCode.SELF_DISABLE, 'You cannot disable your own account.');
    }
    return this.db.withTransaction(async () => {
      const admins = await this.users.lockActiveAdmins();
      const user = await this.get(userId);
      if (user.disabledAt) {
        return user;
      }
      if (admins.length === 1 && admins[0] === userId) {
        throw new IdentityError(IdentityErrorCode.LAST_ADMIN, 'The last admin cannot be disabled.');
      }
      const now = this.clock.now();
      await this.users.update(userId, { disabledAt: now, updatedAt: now });
      const ended = await this.sessions.revokeAllForUser(userId);
      await this.audit.record({
        action: 'user.disabled',
        subjectType: 'user',
        subjectId: userId,
        details: { sessionsEnded: ended },
      });
      return this.get(userId);
    });
  }

  async enable(userId: string): Promise<UserEntity> {
    return this.db.withTransaction(async () => {
      const user = await this.get(userId);
      if (user.anonymisedAt) {
        throw new IdentityError(
          IdentityErrorCode.ACCOUNT_ANONYMISED,
          'This account was anonymised on request and cannot be used again.',
        );
      }
      if (user.disabledAt) {
        await this.users.update(userId, { disabledAt: null, updatedAt: this.clock.now() });
        await this.audit.record({ action: 'user.enabled', subjectType: 'user', subjectId: userId });
      }
      return this.get(userId);
    });
  }

  /**
   * A learner's deletion request: their personal data is replaced by placeholders (name, e-mail,
   * NPI, licence, degree, specialty), the account can never sign in again and its sessions end.
   * Everything accreditation needs stays: enrolments, attempts, claims, lab records and
   * certificates, whose holder name stays as issued so they still verify. Nothing is deleted
   * (records are kept six years; the database refuses earlier deletes). Asking twice changes nothing.
   */
  async anonymise(userId: string, actorUserId: string): Promise<UserEntity> {
    if (userId === actorUserId) {
      throw new IdentityError(IdentityErrorCode.SELF_ANONYMISE, 'You cannot anonymise your own account.');
    }
    // An unguessable password nobody knows, hashed before the transaction (argon2 is slow on purpose).
    const passwordHash = await this.passwords.hash(randomBytes(32).toString('base64url'));
    return this.db.withTransaction(async () => {
      const admins = await this.users.lockActiveAdmins();
      const user = await this.get(userId);
      if (user.anonymisedAt) {
        return user;
      }
      if (admins.length === 1 && admins[0] === userId) {
        throw new IdentityError(IdentityErrorCode.LAST_ADMIN, 'The last admin cannot be anonymised.');
      }
      const now = this.clock.now();
      await this.users.update(userId, {
        email: anonymisedEmail(userId),
        fullName: ANONYMISED_NAME,
        degree: null,
        specialty: null,
        npi: null,
        passwordHash,
        passwordChangedAt: now,
        disabledAt: user.disabledAt ?? now,
        anonymisedAt: now,
        updatedAt: now,
      });
      // Date of birth, licences and board IDs go with the rest, in the same transaction.
      await this.reportingProfiles.forget(userId);
      const ended = await this.sessions.revokeAllForUser(userId);
      // The sign-in throttle is keyed by e-mail address: forget the old one.
      await this.throttle.recordSuccess(user.email);
      await this.audit.record({
        action: 'user.anonymised',
        subjectType: 'user',
        subjectId: userId,
        details: { sessionsEnded: ended },
      });
      await emitInTurn(this.events, USER_ANONYMISED, new UserAnonymised(userId));
      return this.get(userId);
    });
  }

  /** The members of a verifier organisation, by name. */
  membersOf(organisationId: string): Promise<UserEntity[]> {
    return this.users.findByOrganisation(organisationId);
  }

  /** The people who manage an organisation's API keys (enabled verifier members marked managers), by name. */
  managersOf(organisationId: string): Promise<UserEntity[]> {
    return this.users.findManagersOfOrganisation(organisationId);
  }

  /**
   * Makes a member of the organisation a manager of its API keys (`manager`), or no longer one;
   * audited when it changes. Only a member with the verifier role can become one.
   */
  async setOrganisationManager(
    organisationId: string,
    userId: string,
    manager: boolean,
  ): Promise<UserEntity> {
    return this.db.withTransaction(async () => {
      const user = await this.get(userId);
      const notMember = () =>
        new IdentityError(
          IdentityErrorCode.USER_NOT_FOUND,
          'This account is not a member of the organisation.',
        );
      if (user.organisationId !== organisationId) {
        throw notMember();
      }
      if (manager && !user.roles.includes('verifier')) {
        throw new IdentityError(
          IdentityErrorCode.MANAGER_NEEDS_VERIFIER_ROLE,
          `${user.fullName} does not have the verifier role, so cannot manage the organisation's API keys. Give the account the verifier role first.`,
        );
      }
      if (user.organisationManager === manager) {
        return user;
      }
      // Conditional on still being a member: one taken out of the organisation meanwhile is not changed.
      if (!(await this.users.setOrganisationManager(userId, organisationId, manager, this.clock.now()))) {
        throw notMember();
      }
      await this.audit.record({
        action: manager ? 'organisation.manager_added' : 'organisation.manager_removed',
        subjectType: 'user',
        subjectId: userId,
        details: { organisationId },
      });
      return this.get(userId);
    });
  }

  /**
   * Puts an existing account into a verifier organisation, with the verifier role: its checks
   * are attributed to the organisation from its next sign-in.
   */
  async joinOrganisation(organisationId: string, email: string): Promise<UserEntity> {
    return this.db.withTransaction(async () => {
      const user = await this.users.findByEmail(email);
      if (!user || user.anonymisedAt) {
        throw new IdentityError(
          IdentityErrorCode.USER_NOT_FOUND,
          'No account with this e-mail address.',
          'email',
        );
      }
      if (user.organisationId && user.organisationId !== organisationId) {
        throw new IdentityError(
          IdentityErrorCode.ALREADY_IN_ORGANISATION,
          'This account already belongs to another verifier organisation.',
          'email',
        );
      }
      if (user.organisationId === organisationId && user.roles.includes('verifier')) {
        return user;
      }
      const roles: Role[] = user.roles.includes('verifier') ? user.roles : [...user.roles, 'verifier'];
      try {
        await this.users.update(user.id, { organisationId, roles, updatedAt: this.clock.now() });
      } catch (error) {
        if (pgConstraint(error) === 'app_user_organisation_id_fkey') {
          throw new IdentityError(IdentityErrorCode.ORGANISATION_NOT_FOUND, 'No such verifier organisation.');
        }
        throw error;
      }
      await this.audit.record({
        action: 'organisation.member_added',
        subjectType: 'user',
        subjectId: user.id,
        details: { organisationId },
      });
      return this.get(user.id);
    });
  }

  /** Takes an account out of its verifier organisation (it keeps its roles and past checks). */
  async leaveOrganisation(organisationId: string, userId: string): Promise<UserEntity> {
    return this.db.withTransaction(async () => {
      const user = await this.get(userId);
      if (user.organisationId !== organisationId) {
        throw new IdentityError(
          IdentityErrorCode.USER_NOT_FOUND,
          'This account is not a member of the organisation.',
        );
      }
      // A manager who leaves stops managing its keys (the CHECK keeps managers to members).
      await this.users.update(userId, {
        organisationId: null,
        organisationManager: false,
        updatedAt: this.clock.now(),
      });
      await this.audit.record({
        action: 'organisation.member_removed',
        subjectType: 'user',
        subjectId: userId,
        details: { organisationId },
      });
      return this.get(userId);
    });
  }
}

/**
 * The one licence a sign-up or profile form gave, checked (the state by code or name), or null
 * when neither part was given; problems name the form's fields.
 */
function licenceOf(fields: Pick<ProfileFields, 'licenceState' | 'licenceNumber'>): MedicalLicence | null {
  const state = fields.licenceState?.trim() ?? '';
  const number = fields.licenceNumber?.trim() ?? '';
  if (state === '' && number === '') {
    return null;
  }
  const required = (field: string, message: string) =>
    new IdentityError(IdentityErrorCode.PROFILE_FIELD_REQUIRED, message, field);
  if (state === '') {
    throw required('licenceState', 'Choose the state of your licence, or leave the licence number empty.');
  }
  if (number === '') {
    throw required('licenceNumber', 'Give the licence number, or leave the licence state empty.');
  }
  try {
    return checkedLicence({ jurisdiction: usStateCode(state) ?? state, number }, 'licence');
  } catch (error) {
    if (error instanceof IdentityError && error.field) {
      const field = error.field === 'licence.number' ? 'licenceNumber' : 'licenceState';
      throw new IdentityError(error.code, error.message, field);
    }
    throw error;
  }
}

/** The name an anonymised account shows. */
export const ANONYMISED_NAME = 'Anonymised user';

/** A unique placeholder address for an anonymised account (`.invalid` never delivers). */
export function anonymisedEmail(userId: string): string {
  return `anonymised-${userId}@anonymised.invalid`;
}
