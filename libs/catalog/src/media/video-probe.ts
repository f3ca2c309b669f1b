export const VIDEO_TYPES = ['video/mp4', 'video/webm'] as const;
export type VideoType = (typeof VIDEO_TYPES)[number];

/** The video type the bytes really are (by their signature), whatever the upload claimed. */
export function sniffVideoType(bytes: Buffer): VideoType | undefined {
  if (bytes.length >= 12 && bytes.subarray(4, 8).toString('latin1') === 'ftyp') {
    return 'video/mp4';
  }
  // EBML magic, then the DocType "webm" within the header.
  if (
    bytes.length >= 4 &&
    bytes.readUInt32BE(0) === 0x1a45dfa3 &&
    bytes.subarray(0, 64).includes(Buffer.from('webm', 'latin1'))
  ) {
    return 'video/webm';
  }
  return undefined;
}

/** How long the video plays, in milliseconds, from its container's header; undefined when it does not say. */
export function videoDurationMs(bytes: Buffer, type: VideoType): number | undefined {
  const ms = type === 'video/mp4' ? mp4DurationMs(bytes) : webmDurationMs(bytes);
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

// MP4: the movie header box (moov/mvhd) holds a timescale and a duration in its units.
function mp4DurationMs(bytes: Buffer): number | undefined {
  const moov = findBox(bytes, 0, bytes.length, 'moov');
  const mvhd = moov && findBox(bytes, moov.start, moov.end, 'mvhd');
  if (!mvhd || mvhd.end - mvhd.start < 32) {
    return undefined;
  }
  const version = bytes[mvhd.start]!;
  const at = mvhd.start + 4;
  if (version === 1) {
    const timescale = bytes.readUInt32BE(at + 16);
    const duration = Number(bytes.readBigUInt64BE(at + 20));
    return timescale > 0 ? (duration * 1000) / timescale : undefined;
  }
  const timescale = bytes.readUInt32BE(at + 8);
  const duration = bytes.readUInt32BE(at + 12);
  return timescale > 0 ? (duration * 1000) / timescale : undefined;
}

function findBox(
  bytes: Buffer,
  from: number,
  to: number,
  type: string,
): { start: number; end: number } | undefined {
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) {
        return undefined;
      }
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header) {
      return undefined;
    }
    if (bytes.subarray(at + 4, at + 8).toString('latin1') === type) {
      return { start: at + header, end: Math.min(at + size, to) };
    }
    at += size;
  }
  return undefined;
}

const EBML_SEGMENT = 0x18538067;
const EBML_INFO = 0x1549a966;
const EBML_TIMECODE_SCALE = 0x2ad7b1;
const EBML_DURATION = 0x4489;
const EBML_CLUSTER = 0x1f43b675;

// WebM: Segment > Info holds Duration (a float in timecode units) and TimecodeScale (ns per unit).
function webmDurationMs(bytes: Buffer): number | undefined {
  const segment = findElement(bytes, 0, bytes.length, EBML_SEGMENT);
  const info = segment && findElement(bytes, segment.start, segment.end, EBML_INFO);
  if (!info) {
    return undefined;
  }
  const duration = findElement(bytes, info.start, info.end, EBML_DURATION);
  if (!duration) {
    return undefined;
  }
  const scaleElement = findElement(bytes, info.start, info.end, EBML_TIMECODE_SCALE);
  let scale = 1_000_000;
  if (scaleElement) {
    scale = 0;
    for (let index = scaleElement.start; index < scaleElement.end; index++) {
      scale = scale * 256 + bytes[index]!;
    }
  }
  const length = duration.end - duration.start;
  const units =
    length === 4
      ? bytes.readFloatBE(duration.start)
      : length === 8
        ? bytes.readDoubleBE(duration.start)
        : undefined;
  return units === undefined ? undefined : (units * scale) / 1_000_000;
}

/** A variable-length integer at `at`: its value (marker kept for ids, dropped for sizes) and length. */
function vint(
  bytes: Buffer,
  at: number,
  keepMarker: boolean,
): { value: number; length: number; unknown: boolean } {
  const first = bytes[at];
  if (first === undefined || first === 0) {
    return { value: 0, length: 0, unknown: false };
  }
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let index = 1; index < length; index++) {
    const byte = bytes[at + index] ?? 0;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function findElement(
  bytes: Buffer,
  from: number,
  to: number,
  id: number,
): { start: number; end: number } | undefined {
  let at = from;
  while (at < to) {
    const elementId = vint(bytes, at, true);
    if (elementId.length === 0) {
      return undefined;
    }
    const size = vint(bytes, at + elementId.length, false);
    if (size.length === 0) {
      return undefined;
    }
    const start = at + elementId.length + size.length;
    // A live recording's Segment (and Clusters) may have an unknown size: it runs to the end.
    const end = size.unknown ? to : Math.min(start + size.value, to);
    if (elementId.value === id) {
      return { start, end };
    }
    if (elementId.value === EBML_CLUSTER && id !== EBML_CLUSTER) {
      return undefined;
    }
    at = end;
  }
  return undefined;
}
