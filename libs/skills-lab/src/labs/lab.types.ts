/** One procedural step an instructor signs, with the entrustment level it must reach. */
export interface ChecklistStep {
  id: string;
  title: string;
  /** 1-5 on the entrustment scale below. */
  requiredLevel: number;
}

/**
 * The entrustment-supervision scale used for procedural sign-off (after ten Cate): what the
 * instructor trusts the physician to do next time.
 */
export const ENTRUSTMENT_LEVELS = [
  { level: 1, label: 'Observed only' },
  { level: 2, label: 'Performed with direct, proactive supervision' },
  { level: 3, label: 'Performed with supervision available on request' },
  { level: 4, label: 'Performed unsupervised' },
  { level: 5, label: 'May supervise others' },
] as const;

/** The bone marrow harvest checklist a new lab starts with; admins may change it per lab. */
export const DEFAULT_CHECKLIST: ChecklistStep[] = [
  {
    id: 'landmarking',
    title: 'Landmarks the posterior superior iliac spine (PSIS) and marks the entry point',
    requiredLevel: 3,
  },
  {
    id: 'sterile-field',
    title: 'Prepares and drapes a sterile field; keeps it intact throughout',
    requiredLevel: 3,
  },
  {
    id: 'local-anaesthesia',
    title: 'Infiltrates local anaesthesia from skin down to the periosteum',
    requiredLevel: 3,
  },
  {
    id: 'trocar-insertion',
    title: 'Inserts the trocar through the cortex with controlled depth',
    requiredLevel: 3,
  },
  {
    id: 'aspiration',
    title: 'Aspirates small volumes, rotating and repositioning the needle between pulls',
    requiredLevel: 3,
  },
  {
    id: 'sample-handling',
    title: 'Handles, anticoagulates and labels the sample; documents chain of custody',
    requiredLevel: 3,
  },
  {
    id: 'haemostasis',
    title: 'Achieves haemostasis and applies the dressing; gives aftercare instructions',
    requiredLevel: 3,
  },
];

export type LabStatus = 'scheduled';
export type BookingStatus = 'confirmed' | 'waitlisted' | 'offered' | 'cancelled' | 'declined' | 'expired';
export type Attendance = 'present' | 'late' | 'absent';

/** Statuses that hold a seat (confirmed, offered) or a place in the queue (waitlisted). */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['confirmed', 'waitlisted', 'offered'];

/** A scheduled skills lab. */
export interface Lab {
  id: string;
  courseId: string;
  title: string;
  venueName: string;
  venueAddress: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsTaken: number;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
  cancellationCutoffAt: Date;
  offerHoldMinutes: number;
  /** Modules a learner must have passed to book; null means every module with a quiz. */
  requiredModuleIds: string[] | null;
  checklist: ChecklistStep[];
  createdAt: Date;
  updatedAt: Date;
}

/** A lab with how many wait. */
export interface LabWithWaitlist extends Lab {
  waitlistLength: number;
}

/** A lab with how many wait and who teaches it. */
export interface LabWithQueue extends LabWithWaitlist {
  instructorIds: string[];
}

/** A place a learner holds now (a seat, an offer, a waitlist place not yet attended), with its lab's times. */
export interface HeldPlace {
  labId: string;
  courseId: string;
  startsAt: Date;
  endsAt: Date;
}

/** A learner's seat or place on one lab. */
export interface Booking {
  id: string;
  labId: string;
  courseId: string;
  userId: string;
  enrolmentId: string;
  status: BookingStatus;
  queueNo: string;
  ticketCode: string;
  offerExpiresAt: Date | null;
  attendance: Attendance | null;
  attendanceAt: Date | null;
  signedOffAt: Date | null;
  signedOffBy: string | null;
  requirementMet: boolean;
  calendarSequence: number;
  createdAt: Date;
  confirmedAt: Date | null;
  endedAt: Date | null;
}

/** One recorded checklist step. */
export interface ChecklistEntry {
  stepId: string;
  level: number;
  comment: string | null;
  recordedBy: string;
  recordedAt: Date;
}
