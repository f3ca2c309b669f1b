import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderTranscriptPdf, TranscriptPdfInput } from './certificate-pdf';

// Poppler reads the PDF as a viewer would: the text as extracted, page by page.
const run = promisify(execFile);

function transcript(outsideCount: number): TranscriptPdfInput {
  return {
    academyName: 'Regen Academy',
    timeZone: 'UTC',
    holderName: 'Ana López',
    from: null,
    to: null,
    generatedAt: new Date('2026-11-21T08:00:00Z'),
    rows: [
      {
        number: 'RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C',
        courseTitle: 'Iliac Crest Aspiration',
        courseVersion: 2,
        issuedAt: new Date('2026-03-14T10:00:00Z'),
        status: 'valid',
        credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 4 }],
      },
    ],
    totals: [{ type: 'AMA PRA Category 1 Credit™', amount: 4 }],
    outsideCredits: {
      items: Array.from({ length: outsideCount }, (_, index) => ({
        provider: 'American Society for Regenerative Medicine',
        activity: `Orthobiologics update ${index + 1}`,
        completedOn: new Date(Date.UTC(2026, index % 12, 2)),
        creditType: index === 0 ? 'ABIM MOC points' : 'AMA PRA Category 1 Credit™',
        amount: index === 0 ? 10 : 1.25,
      })),
      totals:
        outsideCount > 1
          ? [
              { type: 'ABIM MOC points', amount: 10 },
              { type: 'AMA PRA Category 1 Credit™', amount: 1.25 * (outsideCount - 1) },
            ]
          : [{ type: 'ABIM MOC points', amount: 10 }],
    },
  };
}

describe('the transcript PDF’s credits from other providers', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'transcript-outside-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function pagesOf(pdf: Buffer): Promise<string[]> {
    const path = join(directory, `${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(path, pdf);
    const { stdout } = await run('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    return stdout.split('\f').filter((page) => page.trim() !== '');
  }

  it('lists them in a self-reported section after the academy’s totals, with totals of their own', async () => {
    const [page] = await pagesOf(await renderTranscriptPdf(transcript(2)));

    const ours = page!.indexOf('Total credit claimed');
    const section = page!.indexOf('Credits from other providers (self-reported)');
    expect(ours).toBeGreaterThan(-1);
    expect(section).toBeGreaterThan(ours);
    // The academy's totals count only its own certificates.
    expect(page!.slice(ours, section)).toMatch(/AMA PRA Category 1 Credit™ +4\.00/);
    const outside = page!.slice(section);
    expect(outside).toContain('did not award or verify these credits and reports none of them to any board');
    expect(outside).toMatch(/Orthobiologics update 1 +2 Jan 2026 +10\.00 ABIM MOC points/);
    expect(outside).toContain('American Society for Regenerative Medicine');
    expect(outside).toMatch(/Orthobiologics update 2 +2 Feb 2026 +1\.25 AMA PRA Category 1 Credit™/);
    expect(outside).toContain('Total self-reported credit');
    expect(outside).toMatch(/ABIM MOC points +10\.00/);
    expect(outside).toMatch(/AMA PRA Category 1 Credit™ +1\.25/);
  });

  it('runs onto numbered pages when long, repeating its header row', async () => {
    const pages = await pagesOf(await renderTranscriptPdf(transcript(70)));

    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join('\n');
    for (let index = 1; index <= 70; index++) {
      expect(all).toContain(`Orthobiologics update ${index} `);
    }
    for (const page of pages.filter((candidate) => candidate.includes('Orthobiologics update'))) {
      expect(page).toContain('Credit (self-reported)');
    }
    expect(all).toMatch(/AMA PRA Category 1 Credit™ +86\.25/);
  });

  it('has no such section when the learner reported none', async () => {
    const pages = await pagesOf(await renderTranscriptPdf({ ...transcript(0), outsideCredits: undefined }));
    const empty = await pagesOf(await renderTranscriptPdf(transcript(0)));

    expect(pages.join('\n')).not.toContain('self-reported');
    expect(empty.join('\n')).not.toContain('self-reported');
  });
});
