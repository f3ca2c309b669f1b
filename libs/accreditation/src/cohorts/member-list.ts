import { isEmail } from 'class-validator';
import { parse } from 'csv-parse/sync';

/** The most people one list may hold: larger groups come as several lists. */
export const MEMBER_LIST_MAX_ROWS = 2000;

/** One line of a member list: a person to enrol, or what is wrong with the line. */
export type MemberLine =
  | { line: number; kind: 'person'; email: string; fullName: string | null }
  | { line: number; kind: 'duplicate'; email: string; firstLine: number }
  | { line: number; kind: 'error'; problem: string };

/** A list that cannot be read at all, in words. */
export class UnreadableList extends Error {}

const DELIMITERS = [',', ';', '\t'];
const EMAIL_HEADER = /^e-?mail( address)?$/i;
const NAME_HEADER = /^(full[ _]?)?name$/i;

function delimiterOf(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const counts = DELIMITERS.map((delimiter) => firstLine.split(delimiter).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)]!;
}

/**
 * The people in a CSV file or a pasted list, each by the line it is on: an e-mail address and,
 * optionally, a name. A header row naming an "email" column (and a "name" one) says which
 * column is which; without one, the cell with an @ is the address and another the name. Blank
 * lines are skipped (the others keep their numbers); a repeated address is reported as a repeat
 * of the line it first came on. Throws `UnreadableList` when the text is no list at all.
 */
export function parseMemberList(text: string): MemberLine[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new UnreadableList(
      `The list could not be read${line ? ` (line ${line}: a quotation mark is opened and never closed)` : ''}. Check the file is a CSV with one person a line.`,
    );
  }
  const rows = records.filter(({ record }) => record.some((cell) => cell !== ''));
  let emailColumn: number | null = null;
  let nameColumn: number | null = null;
  const first = rows[0];
  if (first && first.record.some((cell) => EMAIL_HEADER.test(cell))) {
    emailColumn = first.record.findIndex((cell) => EMAIL_HEADER.test(cell));
    const name = first.record.findIndex((cell) => NAME_HEADER.test(cell));
    nameColumn = name === -1 ? null : name;
    rows.shift();
  }
  if (rows.length === 0) {
    throw new UnreadableList(
      'The list is empty: give one e-mail address a line, with the name after it if you like.',
    );
  }
  if (rows.length > MEMBER_LIST_MAX_ROWS) {
    throw new UnreadableList(
      `The list has ${rows.length} people; up to ${MEMBER_LIST_MAX_ROWS} can be added at once. Split it into smaller lists.`,
    );
  }
  const firstSeen = new Map<string, number>();
  return rows.map(({ record, info }): MemberLine => {
    const line = info.lines;
    const addressAt = emailColumn ?? record.findIndex((cell) => cell.includes('@'));
    const address = addressAt === -1 ? '' : (record[addressAt] ?? '');
    const name =
      emailColumn !== null
        ? nameColumn !== null
          ? record[nameColumn]
          : undefined
        : record.find((cell, index) => index !== addressAt && cell !== '');
    if (address === '') {
      return {
        line,
        kind: 'error',
        problem: `line ${line}: there is no e-mail address on this line.`,
      };
    }
    const email = address.replace(/^mailto:/i, '').toLowerCase();
    if (!isEmail(email) || email.length > 254) {
      return { line, kind: 'error', problem: `line ${line}: “${address}” is not an e-mail address.` };
    }
    if (name !== undefined && name.length > 200) {
      return { line, kind: 'error', problem: `line ${line}: the name is longer than 200 characters.` };
    }
    const earlier = firstSeen.get(email);
    if (earlier !== undefined) {
      return { line, kind: 'duplicate', email, firstLine: earlier };
    }
    firstSeen.set(email, line);
    return { line, kind: 'person', email, fullName: name ? name : null };
  });
}
