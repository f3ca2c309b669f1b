import { sampleContent } from '../../../../test/factories/course-content';
import { diffContent } from './content-diff';

describe('diffContent', () => {
  it('finds nothing between equal versions', () => {
    expect(diffContent(sampleContent(), sampleContent())).toEqual([]);
  });

  it('names changed fields by module and lesson title', () => {
    const after = sampleContent();
    after.title = 'Iliac Crest Aspiration, Revised';
    after.modules[0]!.lessons[0]!.markdown = 'Rewritten.';
    after.credits[0]!.max = 2.5;
    const changes = diffContent(sampleContent(), after);
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          change: 'changed',
          path: 'title',
          before: 'Iliac Crest Aspiration Basics',
          after: 'Iliac Crest Aspiration, Revised',
        },
        {
          change: 'changed',
          path: 'modules › Module "Landmarks" › lessons › Lesson "The PSIS" › markdown',
          before: '## The PSIS\n\nThe usual landmark.',
          after: 'Rewritten.',
        },
        expect.objectContaining({
          change: 'changed',
          path: expect.stringContaining('max'),
          before: '2',
          after: '2.5',
        }),
      ]),
    );
    expect(changes).toHaveLength(3);
  });

  it('reports added and removed lessons and a new module order', () => {
    const after = sampleContent();
    after.modules[1]!.lessons.push({
      id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      title: 'Depth control',
      markdown: 'Go slowly.',
    });
    after.modules[0]!.lessons = [];
    after.modules.reverse();
    const changes = diffContent(sampleContent(), after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'added', path: expect.stringContaining('Lesson "Depth control"') }),
        expect.objectContaining({ change: 'removed', path: expect.stringContaining('Lesson "The PSIS"') }),
        expect.objectContaining({ change: 'changed', path: 'modules order' }),
      ]),
    );
  });
});
