import type { CourseContent } from './course-content.types';

// The stated rates the estimate uses, shown beside it on the publish checklist (the academy's
// rule for designating credit). Reading: 180 words a minute over every word of every lesson,
// headings included; slower than adult silent reading of non-fiction (about 240 words a minute,
// Brysbaert 2019, J Mem Lang 109:104047) because clinical prose is studied for a test, not
// skimmed. Questions: 1.5 minutes for each question a learner is served in one pass (the
// pre-test's draw and one attempt at each module quiz), the pace of USMLE blocks (up to 40
// items in 60 minutes). Videos count for their length; a figure for half a minute of study.
export const READING_WORDS_PER_MINUTE = 180;
export const MINUTES_PER_QUESTION = 1.5;
export const MINUTES_PER_FIGURE = 0.5;

/** How long one part of a course takes, by what the estimate counts. */
export interface EstimatePart {
  /** "Module 2 (Extraction)" or "Pre-test". */
  place: string;
  words: number;
  questions: number;
  videoSeconds: number;
  figures: number;
  /** Videos whose length is not known (a link to another host), left out of the estimate. */
  videosWithoutLength: number;
  minutes: number;
}

/** The content time estimate of a course version, and the most credit it supports. */
export interface ContentEstimate {
  parts: EstimatePart[];
  words: number;
  questions: number;
  videoSeconds: number;
  figures: number;
  videosWithoutLength: number;
  minutes: number;
  /** The estimate in hours, rounded down to the nearest 0.25 credit. */
  supportedCredit: number;
}

const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const LINK = /\[([^\]]*)\]\([^)]*\)/g;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Words a reader reads in a lesson's Markdown: headings and link texts yes, image addresses and markup no. */
export function wordCount(markdown: string): number {
  const text = markdown
    .replace(IMAGE, ' ')
    .replace(LINK, '$1')
    .replace(/<[^>]*>/g, ' ');
  return text.match(WORD)?.length ?? 0;
}

/** Images written into a lesson's Markdown (`![description](…)`). */
function markdownImages(markdown: string): number {
  return markdown.match(IMAGE)?.length ?? 0;
}

function minutesOf(part: Omit<EstimatePart, 'place' | 'minutes'>): number {
  return (
    part.words / READING_WORDS_PER_MINUTE +
    part.questions * MINUTES_PER_QUESTION +
    part.videoSeconds / 60 +
    part.figures * MINUTES_PER_FIGURE
  );
}

/**
 * The time a course version's content takes at the stated rates: lesson words, questions served
 * in one pass, videos and figures, per module and in all; and the credit that time supports.
 */
export function contentEstimate(content: Pick<CourseContent, 'modules' | 'pretest'>): ContentEstimate {
  const parts: EstimatePart[] = [];
  if (content.pretest) {
    const counts = {
      words: 0,
      questions: content.pretest.questionCount,
      videoSeconds: 0,
      figures: 0,
      videosWithoutLength: 0,
    };
    parts.push({ place: 'Pre-test', ...counts, minutes: minutesOf(counts) });
  }
  for (const [index, module] of content.modules.entries()) {
    const counts = {
      words: 0,
      questions: module.quiz?.questionCount ?? 0,
      videoSeconds: 0,
      figures: 0,
      videosWithoutLength: 0,
    };
    for (const lesson of module.lessons) {
      counts.words += wordCount(lesson.title) + wordCount(lesson.markdown);
      counts.figures += (lesson.figures?.length ?? 0) + markdownImages(lesson.markdown);
      if (lesson.video?.durationSeconds) {
        counts.videoSeconds += lesson.video.durationSeconds;
      } else if (lesson.video || lesson.videoUrl) {
        counts.videosWithoutLength += 1;
      }
    }
    parts.push({ place: `Module ${index + 1} (${module.title})`, ...counts, minutes: minutesOf(counts) });
  }
  const sum = (pick: (part: EstimatePart) => number) => parts.reduce((total, part) => total + pick(part), 0);
  const minutes = sum((part) => part.minutes);
  return {
    parts,
    words: sum((part) => part.words),
    questions: sum((part) => part.questions),
    videoSeconds: sum((part) => part.videoSeconds),
    figures: sum((part) => part.figures),
    videosWithoutLength: sum((part) => part.videosWithoutLength),
    minutes,
    // A hair under a quarter counts as under it: 59.999… minutes is not an hour.
    supportedCredit: Math.floor((minutes / 60) * 4 + 1e-9) / 4,
  };
}

/** The designations above what the content supports, each with its amount. */
export function creditsAboveEstimate(
  content: Pick<CourseContent, 'credits'>,
  estimate: ContentEstimate,
): { type: string; max: number }[] {
  return content.credits
    .filter((credit) => credit.max > estimate.supportedCredit)
    .map(({ type, max }) => ({ type, max }));
}

/** "1 h 35 min" for a number of minutes, rounded to the minute. */
export function minutesInWords(minutes: number): string {
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "AMA PRA Category 1 Credit™ 6.00, ANCC contact hours 6.00". */
export function creditAmountsInWords(credits: { type: string; max: number }[]): string {
  return credits.map((credit) => `${credit.type} ${credit.max.toFixed(2)}`).join(', ');
}
