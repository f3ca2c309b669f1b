import { dayInWords } from '@academy/core';
import type { Reader } from '@academy/core';
import { labMomentInWords, labReader } from '../labs/lab-time';
import type { Lab } from '../labs/lab.types';
import { formatTicketCode } from './ticket';

type LabFacts = Pick<Lab, 'title' | 'startsAt' | 'timeZone' | 'venueName' | 'venueAddress'>;

/**
 * The reminder before a lab, in the learner's words: "today" or "tomorrow" as their own calendar
 * says it (the venue's when their zone is unknown), the venue's clock beside theirs.
 */
export function reminderMessage(
  lab: LabFacts,
  ticketCode: string,
  reader: Reader,
): { subject: string; body: string } {
  const day = dayInWords(lab.startsAt, labReader(reader, lab.timeZone));
  const when = labMomentInWords(lab.startsAt, lab.timeZone, reader);
  return {
    subject: `${day.charAt(0).toUpperCase()}${day.slice(1)}: ${lab.title}`,
    body: `Your skills lab starts ${when} at ${lab.venueName}, ${lab.venueAddress}. Bring your ticket: ${formatTicketCode(ticketCode)}.`,
  };
}

/** The warning that a seat offer runs out soon, with the deadline in the learner's words. */
export function offerExpiringMessage(
  lab: Pick<Lab, 'title' | 'timeZone'>,
  expiresAt: Date,
  reader: Reader,
): { subject: string; body: string } {
  return {
    subject: `Your seat offer expires soon: ${lab.title}`,
    body: `The seat offered to you in ${lab.title} is held until ${labMomentInWords(expiresAt, lab.timeZone, reader)}. Accept it in My bookings, or it goes to the next person waiting.`,
  };
}

/** The offer of a freed seat, with the lab's start and the hold's end in the learner's words. */
export function seatOfferMessage(
  lab: Pick<Lab, 'title' | 'timeZone' | 'startsAt'>,
  expiresAt: Date,
  reader: Reader,
): { subject: string; body: string } {
  return {
    subject: `A seat is free for you: ${lab.title}`,
    body: `A seat in ${lab.title}, starting ${labMomentInWords(lab.startsAt, lab.timeZone, reader)}, is held for you until ${labMomentInWords(expiresAt, lab.timeZone, reader)}. Accept it in My bookings; if you decline or let it expire, it goes to the next person waiting.`,
  };
}
