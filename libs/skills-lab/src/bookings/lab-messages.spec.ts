import { offerExpiringMessage, reminderMessage } from './lab-messages';
import { readerInZone } from '../labs/lab-time';

const berlinLab = (startsAt: string) => ({
  title: 'Bone marrow harvest skills lab',
  startsAt: new Date(startsAt),
  timeZone: 'Europe/Berlin',
  venueName: 'Anatomy teaching centre',
  venueAddress: 'Philippstraße 11, 10115 Berlin',
});
const TICKET = 'ABCDEFGHJKMNPQRSTVWX';

describe('the reminder before a skills lab', () => {
  it('says "today" for a lab two hours away, in the learner’s own zone', () => {
    // 08:00 in Berlin; the lab starts at 10:00 the same morning.
    const message = reminderMessage(
      berlinLab('2026-12-03T09:00:00Z'),
      TICKET,
      readerInZone('Europe/Berlin', new Date('2026-12-03T07:00:00Z')),
    );
    expect(message.subject).toBe('Today: Bone marrow harvest skills lab');
    expect(message.body).toBe(
      'Your skills lab starts 10:00 am today at Anatomy teaching centre, Philippstraße 11, 10115 Berlin. Bring your ticket: ABCD-EFGH-JKMN-PQRS-TVWX.',
    );
  });

  it('says "tomorrow" for a lab the next morning, and no zone when the learner’s is the venue’s', () => {
    const message = reminderMessage(
      berlinLab('2026-12-03T08:00:00Z'),
      TICKET,
      readerInZone('Europe/Paris', new Date('2026-12-02T20:00:00Z')),
    );
    expect(message.subject).toBe('Tomorrow: Bone marrow harvest skills lab');
    expect(message.body).toContain('starts tomorrow at 9:00 am at Anatomy teaching centre');
  });

  it('counts days on the learner’s calendar and gives the venue’s clock beside theirs', () => {
    // 20:00 UTC on 2 December; the lab starts 09:00 Berlin on 3 December (08:00 UTC).
    const now = new Date('2026-12-02T20:00:00Z');
    const lab = berlinLab('2026-12-03T08:00:00Z');
    // In Los Angeles it is noon on the 2nd, and the lab is at midnight: tomorrow.
    expect(reminderMessage(lab, TICKET, readerInZone('America/Los_Angeles', now)).body).toContain(
      'starts tomorrow at 12:00 am your time (9:00 am in Berlin)',
    );
    // In Tokyo it is already 5 am on the 3rd: the lab is today, at 5 pm.
    const tokyo = reminderMessage(lab, TICKET, readerInZone('Asia/Tokyo', now));
    expect(tokyo.subject).toBe('Today: Bone marrow harvest skills lab');
    expect(tokyo.body).toContain('starts 5:00 pm today your time (9:00 am tomorrow in Berlin)');
  });

  it('falls back to the venue’s zone, and says so, when the learner’s zone is unknown', () => {
    const message = reminderMessage(
      berlinLab('2026-12-03T08:00:00Z'),
      TICKET,
      readerInZone(null, new Date('2026-12-03T06:00:00Z')),
    );
    expect(message.subject).toBe('Today: Bone marrow harvest skills lab');
    expect(message.body).toContain('starts 9:00 am today (Berlin time) at Anatomy teaching centre');
  });

  it('keeps the wall clock right across the change from summer time', () => {
    // Berlin leaves summer time at 03:00 on 25 October 2026; New York only on 1 November.
    // 01:30 in Berlin (still summer time), 19:30 on the 24th in New York.
    const now = new Date('2026-10-24T23:30:00Z');
    // 09:00 Berlin winter time is 08:00 UTC, 04:00 in New York (summer time there).
    const lab = berlinLab('2026-10-25T08:00:00Z');
    expect(reminderMessage(lab, TICKET, readerInZone('Europe/Berlin', now)).body).toContain(
      'starts 9:00 am today at',
    );
    const newYork = reminderMessage(lab, TICKET, readerInZone('America/New_York', now));
    expect(newYork.subject).toBe('Tomorrow: Bone marrow harvest skills lab');
    expect(newYork.body).toContain('starts tomorrow at 4:00 am your time (9:00 am today in Berlin)');
  });

  it('says when a held seat must be accepted by in the learner’s words', () => {
    const message = offerExpiringMessage(
      berlinLab('2026-12-10T08:00:00Z'),
      new Date('2026-12-03T17:00:00Z'),
      readerInZone('America/New_York', new Date('2026-12-03T13:00:00Z')),
    );
    expect(message.body).toContain('is held until 12:00 pm today your time (6:00 pm in Berlin).');
  });
});
