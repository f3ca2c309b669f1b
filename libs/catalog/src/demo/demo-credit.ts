import {
  contentEstimate,
  creditAmountsInWords,
  creditsAboveEstimate,
  minutesInWords,
} from '../content/content-estimate';
import type { CourseContent } from '../content/course-content.types';

/**
 * A shipped demo course designated before the academy checked credit against a content time
 * estimate may designate more than its content supports. Until its content is re-designated, it
 * carries a justification saying exactly that, so the demo academy still seeds and publishes;
 * a document within its estimate, or carrying its own justification, is left as it is.
 */
export function interimCreditJustification(raw: unknown): unknown {
  const content = (raw as { content?: Partial<CourseContent> } | null)?.content;
  if (
    !content ||
    !Array.isArray(content.modules) ||
    !Array.isArray(content.credits) ||
    content.creditJustification
  ) {
    return raw;
  }
  const estimate = contentEstimate(content as CourseContent);
  const above = creditsAboveEstimate(content as CourseContent, estimate);
  if (above.length === 0) {
    return raw;
  }
  return {
    ...(raw as object),
    content: {
      ...content,
      creditJustification: `Interim, demo content: ${creditAmountsInWords(above)} was designated before the academy estimated content time (about ${minutesInWords(estimate.minutes)} at the stated rates, supporting at most ${estimate.supportedCredit.toFixed(2)}). The credit is to be re-designated from measured content.`,
    },
  };
}
