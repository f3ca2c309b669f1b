import { Injectable, Logger } from '@nestjs/common';
import { AuditService, Clock, Database, dateInWords, isTimeZone } from '@academy/core';
import { UsersService } from '@academy/identity';
import { NotificationsService } from '@academy/notifications';
import { DueReminder, ExpiryReminderRepository } from './expiry-reminder.repository';
import { reminderWindows } from './renewal-rules';

/** Due reminders read per round: a run goes on while rounds come back full and get sent. */
const ROUND = 200;

/**
 * Reminds holders that a certificate expires: 90, 60 and 30 days before, each once, in the app
 * and by e-mail, pointing to the recertification course when the course names one.
 */
@Injectable()
export class ExpiryRemindersService {
  private readonly logger = new Logger(ExpiryRemindersService.name);

  constructor(
    private readonly db: Database,
    private readonly reminders: ExpiryReminderRepository,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Sends every reminder due now; answers how many were sent. Any number of runs at once send each once. */
  async sendDue(): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    for (;;) {
      const due = await this.reminders.findDue(reminderWindows(now), ROUND);
      const zones = await this.zonesOf(due.map((reminder) => reminder.userId));
      let sentThisRound = 0;
      for (const reminder of due) {
        try {
          sentThisRound += (await this.send(reminder, zones.get(reminder.userId), now)) ? 1 : 0;
        } catch (error) {
          // One holder's failure (their account gone, say) must not hold back everyone else's reminder.
          this.logger.error({ err: error, number: reminder.number }, 'Could not send an expiry reminder');
        }
      }
      sent += sentThisRound;
      // A full round that sent nothing would only read the same rows again.
      if (due.length < ROUND || sentThisRound === 0) {
        return sent;
      }
    }
  }

  private send(reminder: DueReminder, zone: string | null | undefined, now: Date): Promise<boolean> {
    return this.db.withTransaction(async () => {
      if (!(await this.reminders.recordOnce(reminder.certificateId, reminder.mark, now))) {
        return false;
      }
      const day = dateInWords(reminder.expiresAt, { zone: isTimeZone(zone) ? zone : 'UTC' });
      const renewal = reminder.recertificationCourse;
      await this.notifications.notify(reminder.userId, {
        kind: 'certificate.expiry_reminder',
        subject: `Your certificate for ${reminder.courseTitle} expires on ${day}`,
        body: renewal
          ? `Certificate ${reminder.number} for ${reminder.courseTitle} is valid until ${day}. Complete the recertification course before then to renew it: your new certificate will name this one, and verifying this number will show it was renewed.`
          : `Certificate ${reminder.number} for ${reminder.courseTitle} is valid until ${day}. Contact the academy to find out how to renew it.`,
        link: renewal ? `/courses/${renewal}` : `/me/certificates/${reminder.number}`,
      });
      await this.audit.record({
        action: 'certificate.expiry_reminded',
        subjectType: 'certificate',
        subjectId: reminder.certificateId,
        details: { number: reminder.number, daysBefore: reminder.mark },
      });
      return true;
    });
  }

  /** Each holder's stored time zone (null when unknown), in one query. */
  private async zonesOf(userIds: string[]): Promise<Map<string, string | null>> {
    if (userIds.length === 0) {
      return new Map();
    }
    return new Map((await this.users.byIds([...new Set(userIds)])).map((user) => [user.id, user.timeZone]));
  }
}
