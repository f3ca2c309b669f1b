import type { INestApplicationContext } from '@nestjs/common';
import { CoursesService, LessonMediaService } from '@academy/catalog';
import { sampleContent } from './course-content';
import { newReadyDraft } from './courses';
import { tinyPng } from './images';

/**
 * Video and captions made here, so tests ship no binary files: containers that say how long they
 * play, padded with a byte pattern a range test can check; and WebVTT captions.
 */

/** The byte at `index` of a factory video's padding, so any range of it can be checked. */
export const patternByte = (index: number): number => (index * 7 + 3) % 251;

function pattern(length: number, offset = 0): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index++) {
    bytes[index] = patternByte(offset + index);
  }
  return bytes;
}

/** An EBML element: id bytes, an 8-byte size, the payload. */
function ebml(id: number[], payload: Buffer): Buffer {
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(payload.length) | (1n << 56n));
  return Buffer.concat([Buffer.from(id), size, payload]);
}

function float64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes;
}

/**
 * A WebM header (EBML, a Segment with Info saying the duration) followed by `size` bytes of
 * padding in a Void element; not playable, but a real container by its signature and header.
 */
export function tinyWebm(durationMs = 4000, size = 600_000): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], Buffer.concat([ebml([0x42, 0x82], Buffer.from('webm'))]));
  const info = ebml(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([
      ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])),
      ebml([0x44, 0x89], float64(durationMs)),
    ]),
  );
  const segment = ebml([0x18, 0x53, 0x80, 0x67], Buffer.concat([info, ebml([0xec], pattern(size))]));
  return Buffer.concat([header, segment]);
}

/** An MP4 (ftyp, moov with the movie header, mdat of padding) that plays for `durationMs`. */
export function tinyMp4(durationMs = 4000, size = 1000): Buffer {
  const box = (type: string, payload: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(payload.length + 8);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, payload]);
  };
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: milliseconds
  mvhd.writeUInt32BE(durationMs, 16);
  return Buffer.concat([
    box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1')),
    box('moov', box('mvhd', mvhd)),
    box('mdat', pattern(size)),
  ]);
}

/** WebVTT captions with a cue per line given, two seconds each. */
export function webVtt(
  lines = ['Palpate the posterior superior iliac spine.', 'Insert the trocar.'],
): Buffer {
  const stamp = (seconds: number) => `00:00:${String(seconds).padStart(2, '0')}.000`;
  return Buffer.from(
    `WEBVTT\n\n${lines.map((line, index) => `${index + 1}\n${stamp(index * 2)} --> ${stamp(index * 2 + 2)}\n${line}\n`).join('\n')}`,
  );
}

/** A multipart/form-data body with several files and text fields. */
export function multipartBody(
  files: { field: string; fileName: string; contentType: string; bytes: Buffer }[],
  fields: Record<string, string> = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----academy${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A photograph-sized PNG (a gradient), for figures resized to several widths. */
export async function photoPng(width = 1600, height = 900): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = 94;
      pixels[at + 2] = (y * 255) / height;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A published course whose first lesson has a figure and a captioned video, through the real services. */
export async function courseWithLessonMedia(
  app: INestApplicationContext,
  { figure = tinyPng(9), video = tinyWebm(4000, 1000) }: { figure?: Buffer; video?: Buffer } = {},
): Promise<{ courseId: string; slug: string; lessonId: string; mediaId: string }> {
  const draft = await newReadyDraft(app);
  const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
  const media = app.get(LessonMediaService);
  const { mediaId } = await media.addFigure(draft.courseId, lessonId, {
    bytes: figure,
    fileName: 'psis.png',
    alt: 'The posterior superior iliac spine, marked',
  });
  await media.setVideo(draft.courseId, lessonId, {
    file: { bytes: video, fileName: 'psis.webm' },
    captions: { bytes: webVtt() },
  });
  const courses = app.get(CoursesService);
  await courses.publish(draft.courseId, (await courses.getDraft(draft.courseId)).revision);
  return { courseId: draft.courseId, slug: draft.slug, lessonId, mediaId };
}
