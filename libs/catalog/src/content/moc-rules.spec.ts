import { sampleContent } from '../../../../test/factories/course-content';
import { mocProblemInWords } from './import-report';
import { mocProblems } from './moc-rules';
import { unmetPublishRules } from './publish-rules';

const REPORTED = ['ABA', 'ABIM', 'ABOS'];
const NOW = new Date('2026-11-21T12:00:00Z');

/** Sample content designating 6 AMA PRA Category 1 Credits™, with the MOC and topics given. */
function withMoc(
  moc: { board: string; points: number; types: string[] }[],
  licensureTopics: { jurisdiction: string; topic: string }[] = [],
) {
  return sampleContent({ credits: [{ type: 'AMA PRA Category 1 Credit™', max: 6 }], moc, licensureTopics });
}

describe('mocProblems', () => {
  it('accepts points up to the AMA credit for boards reported to, with their own types', () => {
    const content = sampleContent({
      credits: [{ type: 'AMA PRA Category 1 Credit™', max: 6 }],
      moc: [
        { board: 'ABIM', points: 6, types: ['MK', 'PS'] },
        { board: 'ABA', points: 5.75, types: ['LL'] },
      ],
      licensureTopics: [{ jurisdiction: 'TX', topic: 'Pain management' }],
    });
    expect(mocProblems(content, REPORTED)).toEqual([]);
  });

  it('refuses points above the AMA credit, naming the cap', () => {
    expect(mocProblems(withMoc([{ board: 'ABIM', points: 6.25, types: ['MK'] }]), REPORTED)).toEqual([
      {
        field: 'moc.0.points',
        message: 'MOC points may be at most 6, the AMA PRA Category 1 Credits™ designated (got 6.25).',
      },
    ]);
  });

  it('allows no MOC when no AMA credit is designated', () => {
    const content = sampleContent({
      credits: [{ type: 'AAPA Category 1 CME', max: 6 }],
      moc: [{ board: 'ABIM', points: 1, types: ['MK'] }],
    });
    expect(mocProblems(content, REPORTED)).toEqual([
      {
        field: 'moc.0.points',
        message:
          'MOC points need AMA PRA Category 1 Credit™ designated; designate it, or give no MOC points.',
      },
    ]);
  });

  it('refuses points off the 0.25 grid', () => {
    expect(mocProblems(withMoc([{ board: 'ABIM', points: 1.1, types: ['MK'] }]), REPORTED)[0]).toEqual({
      field: 'moc.0.points',
      message: 'MOC points go in steps of 0.25 (such as 1.25 or 6); 1.1 is not one.',
    });
  });

  it('refuses a board not reported to, naming the boards that are', () => {
    expect(mocProblems(withMoc([{ board: 'ABP', points: 1, types: ['LL'] }]), REPORTED)).toEqual([
      {
        field: 'moc.0.board',
        message: 'ABP is not a board the academy reports to; choose one of ABA, ABIM, ABOS.',
      },
    ]);
    expect(mocProblems(withMoc([{ board: 'XYZ', points: 1, types: ['LL'] }]), REPORTED)[0]!.field).toBe(
      'moc.0.board',
    );
  });

  it('refuses a board listed twice, at its second entry', () => {
    const content = withMoc([
      { board: 'ABIM', points: 1, types: ['MK'] },
      { board: 'ABIM', points: 2, types: ['PS'] },
    ]);
    expect(mocProblems(content, REPORTED)).toEqual([
      { field: 'moc.1.board', message: 'ABIM is listed twice; give each board one entry.' },
    ]);
  });

  it('refuses a type the board does not have, listing the ones it has', () => {
    expect(mocProblems(withMoc([{ board: 'ABA', points: 1, types: ['LL', 'MK'] }]), REPORTED)).toEqual([
      {
        field: 'moc.0.types.1',
        message:
          'MK is not one of the ABA MOC types; choose from LL (Lifelong Learning), PS (Patient Safety).',
      },
    ]);
  });

  it('refuses a licensure topic of no US state or territory', () => {
    const content = withMoc([], [{ jurisdiction: 'XX', topic: 'Opioids' }]);
    expect(mocProblems(content, REPORTED)).toEqual([
      {
        field: 'licensureTopics.0.jurisdiction',
        message: 'XX is not a US state or territory; use its two-letter code, such as TX.',
      },
    ]);
  });

  it('is a publish rule too, naming the field', () => {
    const content = withMoc([{ board: 'ABIM', points: 7, types: ['MK'] }]);
    expect(unmetPublishRules(content, NOW, REPORTED)).toEqual([
      {
        rule: 'moc.0.points',
        message: 'MOC points may be at most 6, the AMA PRA Category 1 Credits™ designated (got 7).',
      },
    ]);
  });

  it('says a problem by its place in an imported file', () => {
    const content = withMoc([
      { board: 'ABA', points: 1, types: ['LL'] },
      { board: 'ABIM', points: 1, types: ['MK', 'LL'] },
    ]);
    const [problem] = mocProblems(content, REPORTED);
    expect(mocProblemInWords(problem!, content)).toBe(
      'MOC entry 2 (ABIM), MOC type 2: LL is not one of the ABIM MOC types; choose from MK (Medical Knowledge), PA (Practice Assessment), PS (Patient Safety).',
    );
    expect(
      mocProblemInWords(
        { field: 'licensureTopics.2.jurisdiction', message: 'XX is not a US state.' },
        content,
      ),
    ).toBe('Licensure topic 3: XX is not a US state.');
  });
});
