import { tinyMp4, tinyWebm, webVtt } from '../../../../test/factories/media';
import { tinyPng } from '../../../../test/factories/images';
import { embedAddress, embedOrigins } from './video-hosts';
import { sniffVideoType, videoDurationMs } from './video-probe';
import { webVttProblem, webVttTranscript } from './webvtt';

const HOSTS = ['www.youtube.com', 'youtu.be', 'vimeo.com', 'player.vimeo.com'];

describe('lesson video checks', () => {
  it('knows MP4 and WebM by their bytes and reads how long they play', () => {
    expect(sniffVideoType(tinyMp4())).toBe('video/mp4');
    expect(videoDurationMs(tinyMp4(12_345), 'video/mp4')).toBe(12_345);
    expect(sniffVideoType(tinyWebm())).toBe('video/webm');
    expect(videoDurationMs(tinyWebm(95_500), 'video/webm')).toBe(95_500);
    expect(sniffVideoType(tinyPng())).toBeUndefined();
    expect(sniffVideoType(Buffer.from('<html>not a video</html>'))).toBeUndefined();
  });

  it('says nothing of a length a WebM does not state', () => {
    const noInfo = tinyWebm();
    // Rename the Info element: the header no longer says how long the video plays.
    noInfo.writeUInt32BE(0x1549a967, noInfo.indexOf(Buffer.from([0x15, 0x49, 0xa9, 0x66])));
    expect(videoDurationMs(noInfo, 'video/webm')).toBeUndefined();
  });

  it('accepts WebVTT captions and explains what is wrong with anything else', () => {
    expect(webVttProblem(webVtt())).toBeUndefined();
    expect(webVttProblem(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n'))).toMatch(
      /first line must be “WEBVTT”/,
    );
    expect(webVttProblem(Buffer.from('WEBVTT\n\nno cues here\n'))).toMatch(/no cues/);
    expect(webVttProblem(Buffer.from('WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n'))).toMatch(
      /Line 3/,
    );
    expect(webVttProblem(Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe]))).toMatch(
      /UTF-8/,
    );
    expect(webVttTranscript(webVtt(['<v Dr A>First</v> &amp; second', 'Third']).toString())).toEqual([
      'First & second',
      'Third',
    ]);
  });

  it('embeds links from allowed hosts as their players and refuses other hosts in words', () => {
    expect(embedAddress('https://www.youtube.com/watch?v=dQw4w9WgXcQ', HOSTS)).toEqual({
      url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    });
    expect(embedAddress('https://vimeo.com/76979871', HOSTS)).toEqual({
      url: 'https://player.vimeo.com/video/76979871',
    });
    expect(embedAddress('https://videos.example.org/marrow.mp4', HOSTS)).toEqual({
      problem: expect.stringContaining('videos.example.org is not one of them') as string,
    });
    expect(embedAddress('http://www.youtube.com/watch?v=dQw4w9WgXcQ', HOSTS)).toEqual({
      problem: expect.stringContaining('https://') as string,
    });
    expect(embedOrigins(['youtu.be', 'vimeo.com'])).toEqual([
      'https://youtu.be',
      'https://vimeo.com',
      'https://www.youtube-nocookie.com',
      'https://player.vimeo.com',
    ]);
  });
});
