import {
  activityLines,
  dateSpanInWords,
  handsOnInWords,
  mocInWords,
  nameWithDegree,
  participationInWords,
  statementsAtIssue,
  StatementSources,
} from './certificate-statements';

const ACCREDITATION =
  'Regen Academy is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical education for physicians.';
const DESIGNATION =
  'The Regen Academy designates this enduring material for a maximum of 6.00 AMA PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of their participation in the activity.';

function sources(overrides: Partial<StatementSources> = {}): StatementSources {
  return {
    content: {
      accreditationStatement: `  ${ACCREDITATION}\n`,
      designationStatement: DESIGNATION,
      moc: [
        { board: 'ABIM', points: 6, types: ['MK'] },
        { board: 'ABA', points: 4.5, types: ['LL', 'PS'] },
      ],
    },
    enrolledAt: new Date('2027-02-03T09:15:00Z'),
    completionMoments: [new Date('2027-03-12T16:40:00Z'), null],
    issuedAt: new Date('2027-03-12T16:40:00Z'),
    degree: 'MD',
    reportTo: ['ABIM'],
    handsOn: null,
    ...overrides,
  };
}

describe('certificate statements', () => {
  it('captures the version’s accreditation and designation statements as published', () => {
    const statements = statementsAtIssue(sources());
    expect(statements.accreditation).toBe(ACCREDITATION);
    expect(statements.designation).toBe(DESIGNATION);
  });

  it('says participation from enrolment to the completing step, one date when the same day', () => {
    expect(participationInWords(statementsAtIssue(sources()).participation)).toBe(
      '3 February – 12 March 2027',
    );
    expect(
      participationInWords(
        statementsAtIssue(
          sources({
            enrolledAt: new Date('2027-03-12T08:00:00Z'),
            completionMoments: [new Date('2027-03-12T11:00:00Z')],
          }),
        ).participation,
      ),
    ).toBe('12 March 2027');
  });

  it('ends participation at the completing step, not at an issue that waited for an address confirmation', () => {
    const statements = statementsAtIssue(
      sources({
        completionMoments: [new Date('2027-03-01T10:00:00Z'), new Date('2027-03-05T10:00:00Z')],
        issuedAt: new Date('2027-04-20T10:00:00Z'),
      }),
    );
    expect(statements.participation).toEqual({
      from: '2027-02-03T09:15:00.000Z',
      to: '2027-03-05T10:00:00.000Z',
    });
  });

  it('writes spans within a month, across months and across years', () => {
    expect(dateSpanInWords('2027-03-03', '2027-03-12')).toBe('3 – 12 March 2027');
    expect(dateSpanInWords('2026-12-28', '2027-01-04')).toBe('28 December 2026 – 4 January 2027');
    expect(dateSpanInWords('2027-03-12', '2027-03-12')).toBe('12 March 2027');
  });

  it('puts the physician’s degree after the name, and no degree for “other” or none', () => {
    expect(nameWithDegree('Jane Doe', statementsAtIssue(sources()).degree)).toBe('Jane Doe, MD');
    expect(statementsAtIssue(sources({ degree: 'other' })).degree).toBeNull();
    expect(nameWithDegree('Jane Doe', statementsAtIssue(sources({ degree: null })).degree)).toBe('Jane Doe');
  });

  it('states MOC points only for the boards the learner chose to report to, in the board’s words', () => {
    const only = statementsAtIssue(sources());
    expect(only.moc.map(mocInWords)).toEqual(['ABIM MOC: 6 Medical Knowledge points']);
    expect(only.moc[0]!.boardName).toBe('American Board of Internal Medicine');
    expect(statementsAtIssue(sources({ reportTo: ['ABIM', 'ABA'] })).moc.map(mocInWords)).toEqual([
      'ABIM MOC: 6 Medical Knowledge points',
      'ABA MOC: 4.5 points (Lifelong Learning, Patient Safety)',
    ]);
    expect(statementsAtIssue(sources({ reportTo: [] })).moc).toEqual([]);
  });

  it('states the hands-on lab on the venue’s calendar, its signer and the lowest level reached', () => {
    const statements = statementsAtIssue(
      sources({
        handsOn: {
          // 17:00 on 14 March in Denver is already 15 March in UTC.
          startsAt: new Date('2027-03-14T15:00:00Z'),
          endsAt: new Date('2027-03-15T00:00:00Z'),
          timeZone: 'America/Denver',
          venueName: 'Denver Training Center',
          venueAddress: '1200 Larimer St, Denver, CO',
          signedOffAt: new Date('2027-03-14T23:30:00Z'),
          instructorName: 'Maria Lopez',
          levels: [4, 3, 5],
        },
      }),
    );
    expect(statements.handsOn).toMatchObject({
      labDates: { from: '2027-03-14', to: '2027-03-14' },
      venue: 'Denver Training Center',
      instructor: 'Maria Lopez',
      entrustment: { level: 3, of: 5, label: 'Performed with supervision available on request' },
    });
    expect(handsOnInWords(statements.handsOn!)).toBe(
      'Hands-on skills lab Sunday, 14 March 2027, 09:00–18:00 Denver time (GMT\u20116), Denver Training Center; signed off by Maria Lopez; every step at entrustment level 3 of 5 or above (Performed with supervision available on request)',
    );
    // A certificate issued before the session was stated keeps its calendar dates.
    const { session, ...older } = statements.handsOn!;
    expect(session).toEqual({
      startsAt: '2027-03-14T15:00:00.000Z',
      endsAt: '2027-03-15T00:00:00.000Z',
      timeZone: 'America/Denver',
    });
    expect(handsOnInWords(older)).toMatch(/^Hands-on skills lab 14 March 2027, Denver Training Center;/);
  });

  it('gives a transcript the same lines per activity, and none for a certificate issued without statements', () => {
    expect(activityLines(statementsAtIssue(sources()))).toEqual([
      'Participated 3 February – 12 March 2027',
      'ABIM MOC: 6 Medical Knowledge points',
    ]);
    expect(activityLines(null)).toEqual([]);
  });
});
