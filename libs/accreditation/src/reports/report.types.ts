/** What the reports read: their scope and the rows each report's one statement answers. */

/** Which course versions and which moments a report covers. */
export interface ReportScope {
  courseId: string | null;
  version: number | null;
  /** Inclusive; null: from the beginning. */
  from: Date | null;
  /** Exclusive; null: up to now and beyond. */
  until: Date | null;
}

export interface CreditTotal {
  type: string;
  amount: number;
}

/** What happened to one course version's learners within the period. */
export interface ActivityCounts {
  enrolled: number;
  /** Learners who opened their first lesson in the period. */
  started: number;
  /** Module quizzes passed (one per learner and module). */
  modulesPassed: number;
  /** Learners present (or late) at a skills lab. */
  labAttended: number;
  /** Certificates issued, not revoked. */
  certified: number;
  credits: CreditTotal[];
  /** From enrolment to certificate, for the certificates issued in the period. */
  medianDaysToComplete: number | null;
}

export interface VersionKey {
  courseId: string;
  courseSlug: string;
  courseTitle: string;
  version: number;
}

export interface ActivityRow extends VersionKey, ActivityCounts {}

/** Per-question evaluation results: Likert counts, and free-text answers newest first. */
export interface EvaluationAggregate {
  evaluations: number;
  likert: { question: string; responses: number; mean: number | null; counts: number[] }[];
  texts: {
    question: string;
    total: number;
    answers: { text: string; submittedAt: Date; courseTitle: string; version: number }[];
  }[];
}

export interface LearningGainCounts {
  /** Learners with a pre-test and a final attempt at every module quiz. */
  learners: number;
  meanPretest: number | null;
  meanFinal: number | null;
  meanGain: number | null;
  medianGain: number | null;
  /** Learners whose final score beat their pre-test. */
  improved: number;
  /** Mean of (final − pre-test) / (100 − pre-test), for pre-tests below 100. */
  meanNormalisedGain: number | null;
}

export interface LearningGainRow extends VersionKey, LearningGainCounts {}

/** A course version as ACCME's activity file describes it, with its learners in the period. */
export interface AccmeActivityRecord extends VersionKey {
  courseVersionId: string;
  /** The id PARS assigned to the activity, once an admin recorded it. */
  accmeActivityId: string | null;
  summary: string;
  releaseDate: string | null;
  expiryDate: string | null;
  publishedAt: Date;
  credits: { type: string; max: number }[];
  estimatedMinutes: number;
  physicianLearners: number;
  otherLearners: number;
}

/** One completion (an issued, non-revoked certificate) as the reports read it. */
export interface AccmeCompletion {
  /** The activity completed. */
  courseVersionId: string;
  /** Its id in PARS, once an admin recorded it. */
  accmeActivityId: string | null;
  certificateNumber: string;
  /** The holder, whose reporting profile gives the date of birth, licence and NPI. */
  userId: string;
  holderName: string;
  /** The amount of the one credit type asked for (AMA PRA Category 1) on the certificate, if any. */
  credit: number | null;
  /** The day of issue (UTC) as MM/DD/YYYY. */
  completedOn: string;
}

/** A completion with the holder's reporting profile, as ACCME's learner file needs it. */
export interface AccmeLearnerRecord extends Omit<AccmeCompletion, 'userId'> {
  /** MM/DD, or '' when not given. */
  birthDate: string;
  npi: string | null;
  /** The state code and number of the learner's first licence. */
  licenceState: string | null;
  licenceNumber: string | null;
}

export interface ReportCourseChoice {
  id: string;
  title: string;
  versions: number[];
}

/** The Likert questions of the course evaluation, in the order the form asks them. */
export const LIKERT_QUESTIONS = ['objectivesMet', 'freeOfCommercialBias', 'relevantToPractice'] as const;
/** Its free-text questions. */
export const TEXT_QUESTIONS = ['intendedChange', 'comments'] as const;

/** Degrees counted as physicians (ACCME reports physician and other learners apart). */
export const PHYSICIAN_DEGREES = ['MD', 'DO', 'MBBS'] as const;
