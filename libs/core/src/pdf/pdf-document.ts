import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/** The site's palette (apps/api/public/app.css), so paper and screen look like one academy. */
export const COLORS = {
  ink: '#1b2430',
  muted: '#4f5b66',
  brand: '#0b5e55',
  brandDark: '#08473f',
  line: '#d5dcdb',
  tint: '#e2f3ef',
  paper: '#f6f8f7',
} as const;

export const SANS = 'DejaVuSans';
export const SANS_BOLD = 'DejaVuSans-Bold';

/** The fonts as PDFKit takes them: parsed (see `parse`) or, failing that, as bytes. */
interface FontSources {
  regular: PDFKit.Mixins.PDFFontSource;
  bold: PDFKit.Mixins.PDFFontSource;
}

let fontSources: FontSources | undefined;

/**
 * DejaVu Sans covers Latin (with Vietnamese), Greek and Cyrillic, so any person's name renders.
 * The files are found through the package itself, which works from `dist/`, from jest and from a
 * bundle-free Docker image alike, and are read and parsed once per process.
 */
function loadFonts(): FontSources {
  if (!fontSources) {
    const directory = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontSources = {
      regular: parse(readFileSync(join(directory, 'DejaVuSans.ttf'))),
      bold: parse(readFileSync(join(directory, 'DejaVuSans-Bold.ttf'))),
    };
  }
  return fontSources;
}

/**
 * The font parsed once for every document. Given bytes, PDFKit parses the 700 kB file again for
 * each document (its OpenType tables), which is two thirds of a certificate's rendering time;
 * given a font parsed by fontkit (PDFKit's own parser), it only builds the document's subset.
 */
function parse(file: Buffer): PDFKit.Mixins.PDFFontSource {
  // PDFKit accepts a parsed fontkit font where its types only list bytes and paths.
  return fontkit.create(file) as unknown as Buffer;
}

export interface DocumentOptions {
  layout: 'portrait' | 'landscape';
  /** US Letter unless said otherwise (a venue outside the US prints on A4). */
  size?: 'LETTER' | 'A4';
  title: string;
  author: string;
  subject: string;
  /** The document's only date: creation and modification both, so the bytes depend on the input alone. */
  date: Date;
  bufferPages?: boolean;
}

/**
 * A PDF (US Letter unless `size` says A4) with the DejaVu fonts registered and every field that PDFKit would fill
 * from the clock pinned. PDFKit derives the trailer `/ID` from the info dictionary and the font
 * subset tags from the font's id in the document, so fixed info makes the whole file a pure
 * function of what is drawn. PDF 1.3 on purpose: from 1.4 PDFKit also writes an XMP stream
 * with the title interpolated into XML unescaped, which a course called "Harvest & Processing"
 * would break.
 */
export function createDocument(options: DocumentOptions): PDFKit.PDFDocument {
  const fonts = loadFonts();
  const doc = new PDFDocument({
    size: options.size ?? 'LETTER',
    layout: options.layout,
    margin: 0,
    bufferPages: options.bufferPages ?? false,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: options.title,
      Author: options.author,
      Subject: options.subject,
      Creator: options.author,
      Producer: 'PDFKit',
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  doc.registerFont(SANS, fonts.regular);
  doc.registerFont(SANS_BOLD, fonts.bold);
  doc.font(SANS);
  return doc;
}

/** Ends `doc` and answers its bytes. */
export function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
