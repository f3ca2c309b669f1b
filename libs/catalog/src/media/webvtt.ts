const TIMING =
  /^((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})(?:[ \t].*)?$/;

function seconds(stamp: string): number {
  const parts = stamp.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * Checks that text is a WebVTT captions file a browser will show: the WEBVTT signature line and
 * at least one cue whose timing reads "start --> end" with the end after the start. Answers the
 * problem in words, or undefined when the file is fine.
 */
export function webVttProblem(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'The captions file is not UTF-8 text. Save it as a WebVTT (.vtt) file in UTF-8.';
  }
  if (!/^WEBVTT(?:[ \t\n\r]|$)/.test(text) || text.includes('\0')) {
    return 'The captions file is not WebVTT: its first line must be “WEBVTT”. Export the captions as a .vtt file.';
  }
  const lines = text.split(/\r\n|\r|\n/);
  let cues = 0;
  for (const [index, line] of lines.entries()) {
    if (!line.includes('-->')) {
      continue;
    }
    const timing = TIMING.exec(line.trim());
    if (!timing || seconds(timing[2]!) < seconds(timing[1]!)) {
      return `Line ${index + 1} of the captions file has a cue timing a player cannot read (write it like 00:00:01.000 --> 00:00:04.000).`;
    }
    cues += 1;
  }
  if (cues === 0) {
    return 'The captions file has no cues: add at least one caption with its timing (00:00:01.000 --> 00:00:04.000).';
  }
  return undefined;
}

/** The spoken words of a WebVTT file, one cue a line, for a transcript (markup dropped). */
export function webVttTranscript(text: string): string[] {
  const blocks = text.replace(/\r\n|\r/g, '\n').split(/\n{2,}/);
  return blocks.flatMap((block) => {
    const lines = block.split('\n');
    const timingAt = lines.findIndex((line) => line.includes('-->'));
    if (timingAt < 0) {
      return [];
    }
    const words = lines
      .slice(timingAt + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .trim();
    return words ? [words] : [];
  });
}
