import { createHash } from 'node:crypto';
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
  /**
   * PDF/A-3b (ISO 19005-3, PDF 1.7) for a document that must still read the same in decades: XMP
   * metadata, an sRGB output intent, and files may be attached as associated files.
   */
  archival?: boolean;
  /**
   * A tagged PDF: the caller marks every drawing as structure (`tag`) or decoration (`artifact`)
   * under `documentStructure(doc)`, so assistive technology reads it in the order the eye does.
   */
  tagged?: boolean;
}

/**
 * A PDF (US Letter unless `size` says A4) with the DejaVu fonts registered and every field that PDFKit would fill
 * from the clock pinned. PDFKit derives the trailer `/ID` from the info dictionary and the font
 * subset tags from the font's id in the document, so fixed info makes the whole file a pure
 * function of what is drawn. PDF 1.3 unless `archival` (1.7): PDFKit writes no XMP stream for 1.3,
 * and for later versions it is written here (`xmpInfo`), not by PDFKit.
 */
export function createDocument(options: DocumentOptions): PDFKit.PDFDocument {
  const fonts = loadFonts();
  const info = {
    Title: options.title,
    Author: options.author,
    Subject: options.subject,
    Creator: options.author,
    Producer: 'PDFKit',
    CreationDate: options.date,
    ModDate: options.date,
  };
  const doc = new PDFDocument({
    size: options.size ?? 'LETTER',
    layout: options.layout,
    margin: 0,
    bufferPages: options.bufferPages ?? false,
    displayTitle: true,
    lang: 'en',
    info,
    ...(options.archival ? { pdfVersion: '1.7' as const, subset: 'PDF/A-3b' as const } : {}),
    ...(options.tagged ? { tagged: true } : {}),
  });
  // PDFKit's own XMP interpolates the title into XML unescaped (a course called "Harvest &
  // Processing" would break the packet) and leaves out the modification date, which PDF/A wants
  // to match the info dictionary's. It calls this method once, at the end, to fill the packet.
  (doc as PDFKit.PDFDocument & { _addInfo: () => void })._addInfo = () => doc.appendXML(xmpInfo(info));
  doc.registerFont(SANS, fonts.regular);
  doc.registerFont(SANS_BOLD, fonts.bold);
  doc.font(SANS);
  return doc;
}

/** The XMP twin of the info dictionary, every value escaped. */
function xmpInfo(info: {
  Title: string;
  Author: string;
  Subject: string;
  Creator: string;
  Producer: string;
  CreationDate: Date;
  ModDate: Date;
}): string {
  const date = (value: Date): string => `${value.toISOString().slice(0, 19)}Z`;
  return `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>${date(info.CreationDate)}</xmp:CreateDate>
<xmp:ModifyDate>${date(info.ModDate)}</xmp:ModifyDate>
<xmp:MetadataDate>${date(info.ModDate)}</xmp:MetadataDate>
<xmp:CreatorTool>${escapeXml(info.Creator)}</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(info.Title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXml(info.Author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(info.Subject)}</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>${escapeXml(info.Producer)}</pdf:Producer>
</rdf:Description>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface AttachmentOptions {
  /** The file name a reader offers to save it as. */
  name: string;
  /** Its MIME type. */
  type: string;
  description: string;
  /** How it relates to the document (PDF/A-3's `/AFRelationship`): `Data` for the data the page shows. */
  relationship: 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified';
  /** Its creation and modification date both. */
  date: Date;
}

/**
 * Attaches `bytes` as an embedded file and as an associated file of the document (the catalog's
 * `/AF`), as PDF/A-3 wants it. Not PDFKit's `file()`: that writes the `/CheckSum` as the MD5's
 * hex digits in a text string, where the PDF specification wants the 16 bytes of the digest.
 */
export function attachFile(doc: PDFKit.PDFDocument, bytes: Buffer, options: AttachmentOptions): void {
  const stream = doc.ref({
    Type: 'EmbeddedFile',
    Subtype: pdfName(options.type),
    Params: {
      Size: bytes.byteLength,
      CreationDate: options.date,
      ModDate: options.date,
      // A Uint8Array is written as a hex string <…>: the 16 bytes themselves.
      CheckSum: new Uint8Array(createHash('md5').update(bytes).digest()),
    },
  });
  stream.end(bytes);
  const filespec = doc.ref({
    Type: 'Filespec',
    F: new String(options.name),
    UF: new String(options.name),
    Desc: new String(options.description),
    AFRelationship: options.relationship,
    EF: { F: stream, UF: stream },
  });
  filespec.end(undefined);
  doc.addNamedEmbeddedFile(options.name, filespec);
  const catalog = (doc as PDFKit.PDFDocument & { _root: { data: { AF?: unknown[] } } })._root.data;
  catalog.AF = [...(catalog.AF ?? []), filespec];
}

/** A MIME type as a PDF name: PDFKit writes a string as a name but leaves `/` unescaped. */
function pdfName(type: string): string {
  return type.replace(
    /[^!-~]|[#/()<>[\]{}%]/g,
    (character) => `#${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
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

/** The root of a tagged document's structure: every `tag` hangs under it, in reading order. */
export function documentStructure(doc: PDFKit.PDFDocument): PDFKit.PDFStructureElement {
  const root = doc.struct('Document');
  doc.addStructure(root);
  return root;
}

/**
 * A structure element of `type` (`Sect`, `H1`, `P`, `Figure`…) under `parent`, attached at once,
 * so children added later (by `tag`, or `draw` drawing now) read in the order they were added,
 * whatever order the page is drawn in. Ended with the document, or by the caller.
 */
export function section(
  doc: PDFKit.PDFDocument,
  parent: PDFKit.PDFStructureElement,
  type: string,
  options: PDFKit.Mixins.StructureElementOptions = {},
): PDFKit.PDFStructureElement {
  const element = doc.struct(type, options);
  parent.add(element);
  return element;
}

/** Draws text or a figure as a structure element of `type` under `parent`. */
export function tag(
  doc: PDFKit.PDFDocument,
  parent: PDFKit.PDFStructureElement,
  type: string,
  draw: () => void,
  options: PDFKit.Mixins.StructureElementOptions = {},
): void {
  parent.add(doc.struct(type, options, [draw]));
}

/** Draws decoration (frames, rules, the mark, table shading) that a reader skips. */
export function artifact(doc: PDFKit.PDFDocument, draw: () => void): void {
  doc.markContent('Artifact');
  draw();
  doc.endMarkedContent();
}
