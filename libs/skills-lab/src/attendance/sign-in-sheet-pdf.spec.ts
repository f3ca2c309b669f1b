import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderSignInSheet, SignInSheetInput } from './sign-in-sheet-pdf';

const run = promisify(execFile);

function sheet(learners: number): SignInSheetInput {
  return {
    labTitle: 'Bone marrow harvest skills lab',
    when: 'Tuesday, 24 November 2026, 09:00–17:00 Berlin time (CET)',
    venue: 'Anatomy teaching centre, Philippstraße 11, 10115 Berlin',
    instructors: ['Dr Ines Instructor', 'Dr Otto Observer'],
    learners: Array.from({ length: learners }, (_, index) => ({
      name: index === 0 ? 'Zoë Łukasiewicz-Nguyễn' : `Dr Learner ${index + 1}`,
      degree: index % 2 === 0 ? 'MD' : 'DO',
    })),
    paper: 'A4',
    date: new Date('2026-11-24T08:00:00Z'),
  };
}

describe('the sign-in sheet', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sign-in-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function textOf(pdf: Buffer, name: string): Promise<{ text: string; pages: number }> {
    const file = join(dir, name);
    await writeFile(file, pdf);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const { stdout: info } = await run('pdfinfo', [file], { encoding: 'utf8' });
    return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
  }

  it('names the lab, its time at the venue and its instructors, with a row to sign for each learner', async () => {
    const { text, pages } = await textOf(await renderSignInSheet(sheet(3)), 'three.pdf');
    expect(pages).toBe(1);
    expect(text).toContain('Bone marrow harvest skills lab');
    expect(text).toContain('Tuesday, 24 November 2026, 09:00–17:00 Berlin time (CET)');
    expect(text).toContain('Dr Ines Instructor, Dr Otto Observer');
    expect(text).toContain('Zoë Łukasiewicz-Nguyễn');
    expect(text).toMatch(/3\s+Dr Learner 3\s+MD/);
    expect(text).toContain('Page 1 of 1');
  });

  it('runs over pages with the table header on each', async () => {
    const { text, pages } = await textOf(await renderSignInSheet(sheet(45)), 'many.pdf');
    expect(pages).toBe(3);
    expect(text).toContain('Dr Learner 45');
    expect(text).toContain('Page 3 of 3');
    expect(text.match(/Signature/g)).toHaveLength(3);
    expect(text.match(/\(continued\)/g)).toHaveLength(2);
  });

  it('says so when nobody has booked', async () => {
    const { text } = await textOf(await renderSignInSheet(sheet(0)), 'empty.pdf');
    expect(text).toContain('Nobody has booked this lab.');
  });
});
