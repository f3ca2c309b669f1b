import { toCsv } from './csv';
import {
  PARS_ACTIVITY_COLUMNS,
  PARS_LEARNER_COLUMNS,
  parsActivityRow,
  parsDate,
  learnerRecord,
  parsLearnerRow,
  splitName,
} from './pars-export';
import { US_STATE_NAMES, usStateName } from '@academy/core';
import { reportedLearner } from '@academy/identity';

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

  it('fills an activity row in the column order, with the recorded ACCME Activity ID', () => {
    const record = {
      courseId: 'c',
      courseVersionId: 'v',
      accmeActivityId: '202212345',
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
    };
    const row = parsActivityRow(record);
    expect(Object.fromEntries(PARS_ACTIVITY_COLUMNS.map((column, index) => [column, row[index]]))).toEqual({
      'Provider Activity ID': 'bone-marrow-harvesting-v2',
      'ACCME Activity ID': '202212345',
      'Activity Title': 'Bone Marrow Harvesting',
      Format: 'Enduring Material',
      'Start Date': '09/01/2026',
      'End Date': '08/31/2029',
      'Activity Description': 'Four modules.',
      City: '',
      State: '',
      Country: '',
      Providership: 'Direct',
      'Hours of Instruction': '6',
      'AMA PRA Category 1 Credits Designated': '6',
      'Other Credits Designated': 'AAPA Category 1 CME: 5.5',
      'Total Physician Learners': '12',
      'Total Other Learners': '3',
      'Commercial Support': 'No',
    });
    expect(row).toHaveLength(PARS_ACTIVITY_COLUMNS.length);
    // Not yet registered in PARS: the id is left empty; no release date: the day of publishing.
    const unregistered = parsActivityRow({
      ...record,
      accmeActivityId: null,
      releaseDate: null,
      credits: [],
    });
    const cell = (column: (typeof PARS_ACTIVITY_COLUMNS)[number]) =>
      unregistered[PARS_ACTIVITY_COLUMNS.indexOf(column)];
    expect(cell('ACCME Activity ID')).toBe('');
    expect(cell('Start Date')).toBe('09/01/2026');
    expect(cell('AMA PRA Category 1 Credits Designated')).toBe('');
  });

  it('has exactly the columns of ACCME’s 2024 learner template, in its order', () => {
    expect([...PARS_LEARNER_COLUMNS]).toEqual([
      'Record Action',
      'ACCME Activity ID',
      'Completion Date',
      'First Name',
      'Last Name',
      'Date of Birth',
      'Licensing State',
      'Licensing ID or NPI',
      'Number of CME Credits',
      'Certifying Board',
      'Certifying Board ID',
      'Total Board Credits',
      'Credit Type',
      'Credits Awarded for Credit Type',
    ]);
  });

  const learner = {
    courseVersionId: 'v',
    accmeActivityId: '202212345',
    certificateNumber: 'RA-0000',
    holderName: "Dr Siobhán O'Neill",
    birthDate: '03/07',
    npi: '1234567893',
    licenceState: 'ME',
    licenceNumber: 'Q1234',
    credit: 5.75,
    completedOn: '10/02/2026',
  };
  const learnerCells = (row: string[]) =>
    Object.fromEntries(PARS_LEARNER_COLUMNS.map((column, index) => [column, row[index]]));

  it('fills a learner row as the template’s sample does, the board columns empty', () => {
    expect(learnerCells(parsLearnerRow(learner))).toEqual({
      'Record Action': 'Add',
      'ACCME Activity ID': '202212345',
      'Completion Date': '10/02/2026',
      'First Name': 'Siobhán',
      'Last Name': "O'Neill",
      'Date of Birth': '03/07',
      'Licensing State': 'Maine',
      'Licensing ID or NPI': 'Q1234',
      'Number of CME Credits': '5.75',
      'Certifying Board': '',
      'Certifying Board ID': '',
      'Total Board Credits': '',
      'Credit Type': '',
      'Credits Awarded for Credit Type': '',
    });
  });

  it('gives the NPI when there is no licence, and leaves out what we do not hold', () => {
    expect(
      learnerCells(parsLearnerRow({ ...learner, licenceState: null, licenceNumber: null })),
    ).toMatchObject({
      'Licensing State': '',
      'Licensing ID or NPI': '1234567893',
    });
    const assistant = learnerCells(
      parsLearnerRow({
        ...learner,
        accmeActivityId: null,
        holderName: 'Kim Lee',
        birthDate: '',
        npi: null,
        licenceState: null,
        licenceNumber: null,
        credit: null,
      }),
    );
    expect(assistant).toMatchObject({
      'ACCME Activity ID': '',
      'First Name': 'Kim',
      'Last Name': 'Lee',
      'Date of Birth': '',
      'Licensing State': '',
      'Licensing ID or NPI': '',
      'Number of CME Credits': '',
    });
    expect(
      learnerCells(parsLearnerRow({ ...learner, licenceNumber: '  ', npi: ' 1234567893 ' })),
    ).toMatchObject({ 'Licensing State': '', 'Licensing ID or NPI': '1234567893' });
  });

  it('reads the date of birth and the first licence from the reporting profile', () => {
    const completion = {
      courseVersionId: 'v',
      accmeActivityId: '202212345',
      certificateNumber: 'RA-0000',
      userId: 'u',
      holderName: 'Kim Lee',
      credit: 2,
      completedOn: '10/02/2026',
    };
    const learner = reportedLearner({
      userId: 'u',
      fullName: 'Kim Lee',
      degree: 'MD',
      npi: '1234567893',
      birthMonth: 2,
      birthDay: 29,
      licences: [
        { jurisdiction: 'CA', number: 'A12345' },
        { jurisdiction: 'TX', number: 'T777' },
      ],
      boards: [],
    });
    expect(learnerCells(parsLearnerRow(learnerRecord(completion, learner)))).toMatchObject({
      'Date of Birth': '02/29',
      'Licensing State': 'California',
      'Licensing ID or NPI': 'A12345',
    });
    expect(
      learnerCells(
        parsLearnerRow(
          learnerRecord(completion, { ...learner, birthMonth: null, birthDay: null, licence: null }),
        ),
      ),
    ).toMatchObject({ 'Date of Birth': '', 'Licensing State': '', 'Licensing ID or NPI': '1234567893' });
    expect(learnerCells(parsLearnerRow(learnerRecord(completion, undefined)))).toMatchObject({
      'Date of Birth': '',
      'Licensing ID or NPI': '',
    });
  });

  it('fills the board columns of a row reporting MOC points to a board', () => {
    const row = learnerCells(
      parsLearnerRow(learner, { board: 'ABIM', boardId: '123456', points: 1.5, types: ['MK', 'PS'] }),
    );
    expect(row).toMatchObject({
      'Certifying Board': 'ABIM',
      'Certifying Board ID': '123456',
      'Total Board Credits': '1.5',
      'Credit Type': 'MK; PS',
      'Credits Awarded for Credit Type': '1.5',
    });
  });

  it.each([
    ['TX', 'Texas'],
    ['tx', 'Texas'],
    [' N.Y. ', 'New York'],
    ['DC', 'District of Columbia'],
    ['PR', 'Puerto Rico'],
    ['GU', 'Guam'],
    ['texas', 'Texas'],
    ['New  Mexico', 'New Mexico'],
    ['Ontario', 'Ontario'],
    ['XX', 'XX'],
    [null, ''],
  ])('names the licensing state %j as %j', (given, name) => {
    expect(usStateName(given)).toBe(name);
    expect(learnerCells(parsLearnerRow({ ...learner, licenceState: given }))['Licensing State']).toBe(name);
  });

  it('knows the 50 states, DC and the five inhabited territories', () => {
    expect(Object.keys(US_STATE_NAMES)).toHaveLength(56);
    expect(new Set(Object.values(US_STATE_NAMES)).size).toBe(56);
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
