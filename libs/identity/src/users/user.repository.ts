import { Injectable } from '@nestjs/common';
import { ArrayContains, ILike, In, IsNull } from 'typeorm';
import { Database, Role } from '@academy/core';
import { UserEntity } from './user.entity';

@Injectable()
export class UserRepository {
  constructor(private readonly db: Database) {}

  private get users() {
    return this.db.repository(UserEntity);
  }

  /** Inserts a new account; a duplicate e-mail fails on the `app_user_email_key` unique index. */
  /** A new account (the legacy licence columns stay null: licences live in medical_licence). */
  async insert(user: Omit<UserEntity, 'id' | 'licenceState' | 'licenceNumber'>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** The account, its row held FOR SHARE until the transaction ends (a change to it waits, and is waited for). */
  findByIdShared(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In(ids) });
  }

  /** Active users holding a role, by name. */
  findWithRole(role: Role): Promise<UserEntity[]> {
    return this.users.find({
      where: { roles: ArrayContains([role]), disabledAt: IsNull() },
      order: { fullName: 'ASC' },
    });
  }

  /** The members of a verifier organisation, by name. */
  findByOrganisation(organisationId: string): Promise<UserEntity[]> {
    return this.users.find({ where: { organisationId }, order: { fullName: 'ASC', id: 'ASC' } });
  }

  /** The members who manage an organisation's API keys and can act: enabled, with the verifier role, by name. */
  findManagersOfOrganisation(organisationId: string): Promise<UserEntity[]> {
    return this.users.find({
      where: {
        organisationId,
        organisationManager: true,
        roles: ArrayContains<Role>(['verifier']),
        disabledAt: IsNull(),
      },
      order: { fullName: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Marks a member of the organisation a manager of its keys, or not: a conditional update, so an
   * account that left the organisation meanwhile is not changed. Answers whether it was a member.
   */
  async setOrganisationManager(
    userId: string,
    organisationId: string,
    manager: boolean,
    now: Date,
  ): Promise<boolean> {
    const result = await this.users.update(
      { id: userId, organisationId },
      { organisationManager: manager, updatedAt: now },
    );
    return (result.affected ?? 0) > 0;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** Learners matching a part of their name, e-mail or NPI (any case), by name. */
  async findLearnersPage(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: UserEntity[]; total: number }> {
    const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : undefined;
    const learner = { roles: ArrayContains(['learner']) };
    const [items, total] = await this.users.findAndCount({
      where: pattern
        ? [
            { ...learner, fullName: ILike(pattern) },
            { ...learner, email: ILike(pattern) },
            { ...learner, npi: ILike(pattern) },
          ]
        : learner,
      order: { fullName: 'ASC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  /** Users matching a part of their name or e-mail, by name. */
  async findPage(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: UserEntity[]; total: number }> {
    const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : undefined;
    const [items, total] = await this.users.findAndCount({
      where: pattern ? [{ fullName: ILike(pattern) }, { email: ILike(pattern) }] : {},
      order: { fullName: 'ASC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  async update(
    id: string,
    changes: Partial<Omit<UserEntity, 'id' | 'createdAt' | 'licenceState' | 'licenceNumber'>>,
  ): Promise<void> {
    await this.users.update({ id }, changes);
  }

  /** Records the zone a browser reported, for an account that has none yet (a chosen one stays). */
  async setTimeZoneIfUnset(id: string, zone: string): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update()
      .set({ timeZone: zone })
      .where('id = :id AND time_zone IS NULL', { id })
      .execute();
  }

  /**
   * Locks every enabled admin's row until the transaction ends and returns their ids, so two
   * concurrent changes cannot each remove a different one of the last two admins.
   */
  async lockActiveAdmins(): Promise<string[]> {
    const admins = await this.users.find({
      select: { id: true },
      where: { roles: ArrayContains<Role>(['admin']), disabledAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
    return admins.map((admin) => admin.id);
  }
}
