import type { ActivityFormat, CreditType } from './course-content';
import type { CourseContent, CreditDesignation } from './course-content.types';

/** Amounts as designation statements write them: 0.25 steps, two decimals (`4.25`, `2.00`). */
export function creditAmount(max: number): string {
  return max.toFixed(2);
}

/** "1.00 … Credit" for exactly one, else "Credits". */
function plural(max: number, one: string, many: string): string {
  return max === 1 ? one : many;
}

/**
 * One credit type's sentence. The AMA's wording is fixed by the AMA PRA booklet; the author
 * chooses only the activity format, the provider's name is the academy's.
 */
function sentenceFor(credit: CreditDesignation, provider: string, format: ActivityFormat): string {
  const amount = creditAmount(credit.max);
  const type: CreditType = credit.type;
  switch (type) {
    case 'AMA PRA Category 1 Credit™':
      return (
        `The ${provider} designates this ${format} for a maximum of ${amount} ` +
        `${plural(credit.max, 'AMA PRA Category 1 Credit™', 'AMA PRA Category 1 Credits™')}. ` +
        'Physicians should claim only the credit commensurate with the extent of their participation in the activity.'
      );
    case 'AOA Category 1-A':
      return (
        `The ${provider} designates this ${format} for a maximum of ${amount} AOA Category 1-A ` +
        `${plural(credit.max, 'credit', 'credits')} and will report credit commensurate with the extent of the physician’s participation in the activity.`
      );
    case 'ANCC contact hours':
      return `This ${format} provides a maximum of ${amount} ANCC contact ${plural(credit.max, 'hour', 'hours')}.`;
    case 'AAPA Category 1 CME':
      return (
        `This ${format} is designated for a maximum of ${amount} AAPA Category 1 CME ${plural(credit.max, 'credit', 'credits')}. ` +
        'PAs should claim only the credit commensurate with the extent of their participation.'
      );
    case 'Certificate of participation':
      return `Other participants receive a certificate of participation for up to ${amount} ${plural(credit.max, 'hour', 'hours')}.`;
  }
}

/**
 * The credit designation statement of a course document, written from its designated credits
 * (AMA first, as accreditors read it), its activity format and the provider's name; empty when no
 * credit is designated. It cannot contradict the credits because it is made from them.
 */
export function designationStatement(
  content: Pick<CourseContent, 'credits' | 'activityFormat'>,
  provider: string,
): string {
  const format = content.activityFormat ?? 'enduring material';
  const ordered = [...content.credits].sort(
    (a, b) =>
      Number(b.type === 'AMA PRA Category 1 Credit™') - Number(a.type === 'AMA PRA Category 1 Credit™'),
  );
  return ordered.map((credit) => sentenceFor(credit, provider, format)).join(' ');
}
