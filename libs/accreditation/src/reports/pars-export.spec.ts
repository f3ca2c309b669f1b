import { toCsv } from './csv';
import {
  PARS_ACTIVITY_COLUMNS,
  PARS_LEARNER_COLUMNS,
  parsActivityRow,
  parsDate,
  parsLearnerRow,
  splitName,
} from './pars-export';

describe('PARS batch rows', () => {
  it('writes dates as MM/DD/YYYY in UTC', () => {
    expect(parsDate('2026-03-05')).toBe('03/05/2026');
    expect(parsDate(new Date('2026-12-31T23:30:00Z'))).toBe('12/31/2026');
    expect(parsDate(null)).toBe('');
  });

  it.each([
    ['Dr Amara Okafor', 'Amara', 'Okafor'],
    ['Prof. Lars van der Berg', 'Lars', 'van der Berg'],
    ['José María de la Cruz', 'José María', 'de la Cruz'],
    ['Zoë K. Müller', 'Zoë K.', 'Müller'],
    ['Madonna', '', 'Madonna'],
    ['  Renée   Dubois ', 'Renée', 'Dubois'],
  ])('splits %s into first and last names', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });

  it('fills an activity row in the template’s column order', () => {
    const row = parsActivityRow({
      courseId: 'c',
      courseSlug: 'bone-marrow-harvesting',
      courseTitle: 'Bone Marrow Harvesting',
      version: 2,
      summary: 'Four modules.',
      releaseDate: '2026-09-01',
      expiryDate: '2029-08-31',
      publishedAt: new Date('2026-09-01T10:00:00Z'),
      credits: [
        { type: 'AMA PRA Category 1 Credit™', max: 6 },
        { type: 'AAPA Category 1 CME', max: 5.5 },
      ],
      estimatedMinutes: 360,
      physicianLearners: 12,
      otherLearners: 3,
    });
    const cell = (column: (typeof PARS_ACTIVITY_COLUMNS)[number]) =>
      row[PARS_ACTIVITY_COLUMNS.indexOf(column)];
    expect(row).toHaveLength(PARS_ACTIVITY_COLUMNS.length);
    expect(cell('Activity ID')).toBe('bone-marrow-harvesting-v2');
    expect(cell('Start Date')).toBe('09/01/2026');
    expect(cell('End Date')).toBe('08/31/2029');
    expect(cell('Hours of Instruction')).toBe('6');
    expect(cell('AMA PRA Category 1 Credits Designated')).toBe('6');
    expect(cell('Other Credits Designated')).toBe('AAPA Category 1 CME: 5.5');
    expect(cell('Number of Physician Learners')).toBe('12');
    expect(cell('Number of Other Learners')).toBe('3');
    expect(cell('Commercial Support Received')).toBe('No');
  });

  it('fills a learner row, leaving out what we do not hold', () => {
    const row = parsLearnerRow({
      courseSlug: 'bone-marrow-harvesting',
      version: 1,
      certificateNumber: 'RA-0000',
      holderName: "Dr Siobhán O'Neill",
      npi: '1234567893',
      licenceState: 'TX',
      licenceNumber: 'Q1234',
      credit: 5.75,
      completedOn: '10/02/2026',
    });
    expect(Object.fromEntries(PARS_LEARNER_COLUMNS.map((column, index) => [column, row[index]]))).toEqual({
      'Activity ID': 'bone-marrow-harvesting-v1',
      'Learner First Name': 'Siobhán',
      'Learner Last Name': "O'Neill",
      NPI: '1234567893',
      'Date of Birth (MM/DD)': '',
      'Licensing Board': 'TX',
      'License Number': 'Q1234',
      'Credits Earned': '5.75',
      'Completion Date': '10/02/2026',
    });
    const assistant = parsLearnerRow({
      courseSlug: 'x',
      version: 1,
      certificateNumber: 'RA-0001',
      holderName: 'Kim Lee',
      npi: null,
      licenceState: null,
      licenceNumber: null,
      credit: null,
      completedOn: '10/02/2026',
    });
    expect(assistant[PARS_LEARNER_COLUMNS.indexOf('Credits Earned')]).toBe('');
    expect(assistant[PARS_LEARNER_COLUMNS.indexOf('NPI')]).toBe('');
  });
});

describe('CSV', () => {
  it('quotes what needs quoting, doubles quotes, ends lines with CRLF', () => {
    expect(
      toCsv({
        columns: ['Name', 'Note', 'Count'],
        rows: [
          ['Müller, Zoë', 'said "hi"', 3],
          ['Plain', null, 0],
        ],
      }),
    ).toBe('Name,Note,Count\r\n"Müller, Zoë","said ""hi""",3\r\nPlain,,0\r\n');
  });

  it('keeps text a spreadsheet would run as a formula from running', () => {
    expect(toCsv({ columns: ['Name'], rows: [['=HYPERLINK("x")'], ['+1'], ['@SUM(A1)'], ['-2']] })).toBe(
      `Name\r\n"'=HYPERLINK(""x"")"\r\n'+1\r\n'@SUM(A1)\r\n'-2\r\n`,
    );
  });
});
