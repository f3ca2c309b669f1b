import { sampleContent } from '../../../../test/factories/course-content';
import {
  contentEstimate,
  creditsAboveEstimate,
  MINUTES_PER_FIGURE,
  MINUTES_PER_QUESTION,
  minutesInWords,
  READING_WORDS_PER_MINUTE,
  wordCount,
} from './content-estimate';
import { unmetPublishRules } from './publish-rules';
import type { CourseContent } from './course-content.types';

const NOW = new Date('2026-11-21T12:00:00Z');
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

/** The sample course with lessons of exactly these many words each, and no pre-test. */
function withLessons(lessonWords: number[]): CourseContent {
  const content = sampleContent();
  content.modules.forEach((module, index) => {
    module.lessons = [{ ...module.lessons[0]!, title: 'X', markdown: words(lessonWords[index]! - 1) }];
  });
  return content;
}

describe('the content time estimate', () => {
  it('states its rates: 180 words a minute, 1.5 minutes a question, half a minute a figure', () => {
    expect([READING_WORDS_PER_MINUTE, MINUTES_PER_QUESTION, MINUTES_PER_FIGURE]).toEqual([180, 1.5, 0.5]);
  });

  it('counts the words a reader reads: headings and link texts, not image addresses or markup', () => {
    expect(wordCount('## Landmarks of the crest\n\nPalpate the **PSIS** first.')).toBe(8);
    expect(
      wordCount('See [the ASRA guideline](https://example.org/asra) and ![a C-arm view](/media/x).'),
    ).toBe(5);
    expect(wordCount("The patient's INR is 1.4; don't proceed.")).toBe(7);
  });

  it('adds reading, one pass of questions (pre-test draw and each quiz draw), video length and figures', () => {
    const content = withLessons([1800, 900]);
    content.pretest = { questionCount: 10 };
    content.modules[0]!.lessons[0]!.figures = [
      { mediaId: '0c2d1f3e-0000-4000-8000-000000000001', alt: 'The crest', width: 10, height: 10 },
    ];
    content.modules[1]!.lessons[0]!.video = {
      videoId: '0c2d1f3e-0000-4000-8000-000000000002',
      contentType: 'video/mp4',
      durationSeconds: 600,
      captionsId: '0c2d1f3e-0000-4000-8000-000000000003',
      title: 'Aspiration',
    };
    const estimate = contentEstimate(content);
    // 2700 words = 15 min; 10 + 2 + 2 questions = 21 min; video 10 min; one figure 0.5 min.
    expect(estimate.words).toBe(2700);
    expect(estimate.questions).toBe(14);
    expect(estimate.videoSeconds).toBe(600);
    expect(estimate.figures).toBe(1);
    expect(estimate.minutes).toBeCloseTo(46.5);
    expect(estimate.supportedCredit).toBe(0.75);
    expect(estimate.parts.map((part) => [part.place, part.minutes])).toEqual([
      ['Pre-test', 15],
      ['Module 1 (Landmarks)', 10 + 3 + 0.5],
      ['Module 2 (Aspiration)', 5 + 3 + 10],
    ]);
  });

  it('leaves out videos whose length it cannot know, and says how many', () => {
    const content = withLessons([180, 180]);
    content.modules[0]!.lessons[0]!.video = {
      embedUrl: 'https://player.vimeo.com/video/1',
      captionsId: '0c2d1f3e-0000-4000-8000-000000000003',
      title: 'Elsewhere',
    };
    const estimate = contentEstimate(content);
    expect(estimate.videosWithoutLength).toBe(1);
    expect(estimate.minutes).toBeCloseTo(2 + 6);
  });

  it('supports credit in hours rounded down to a quarter', () => {
    const exactlyAnHour = withLessons([180 * 27, 180 * 27]); // 54 min reading + 6 min questions
    expect(contentEstimate(exactlyAnHour).supportedCredit).toBe(1);
    const justUnder = withLessons([180 * 27, 180 * 27 - 1]);
    expect(contentEstimate(justUnder).supportedCredit).toBe(0.75);
    expect(
      creditsAboveEstimate(
        { credits: [{ type: 'AMA PRA Category 1 Credit™', max: 1 }] },
        contentEstimate(justUnder),
      ),
    ).toEqual([{ type: 'AMA PRA Category 1 Credit™', max: 1 }]);
  });

  it('refuses to publish a designation above the estimate unless the version records why', () => {
    const content = withLessons([180 * 27, 180 * 27]);
    content.credits = [{ type: 'AMA PRA Category 1 Credit™', max: 1.5 }];
    delete content.creditJustification;
    const unmet = unmetPublishRules(content, NOW);
    expect(unmet.map((rule) => rule.rule)).toEqual(['creditJustification']);
    expect(unmet[0]!.message).toContain('about 1 h at the stated rates, so at most 1.00');
    content.credits = [{ type: 'AMA PRA Category 1 Credit™', max: 1 }];
    expect(unmetPublishRules(content, NOW)).toEqual([]);
    content.credits = [{ type: 'AMA PRA Category 1 Credit™', max: 1.5 }];
    content.creditJustification = 'Timed pilot of 10 physicians: median 1 h 35 min.';
    expect(unmetPublishRules(content, NOW)).toEqual([]);
  });

  it('says minutes as hours and minutes', () => {
    expect([minutesInWords(46.5), minutesInWords(60), minutesInWords(95.2)]).toEqual([
      '47 min',
      '1 h',
      '1 h 35 min',
    ]);
  });
});
