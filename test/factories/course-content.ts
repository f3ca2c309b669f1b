import type { CourseContent } from '@academy/catalog';

/** A complete course document that meets every publishing rule on 2026-11-21 (the same each call). */
export function sampleContent(overrides: Partial<CourseContent> = {}): CourseContent {
  return {
    title: 'Iliac Crest Aspiration Basics',
    summary: 'How to find the posterior superior iliac spine and aspirate marrow safely.',
    topics: ['bone marrow aspiration', 'iliac crest'],
    targetAudience: 'Orthopaedic surgeons and sports physicians',
    accreditationStatement:
      'Regen Academy is accredited by the ACCME to provide continuing medical education for physicians.',
    releaseDate: '2026-09-01',
    expiryDate: '2029-08-31',
    passingScore: 80,
    skillsLabRequired: true,
    credits: [{ type: 'AMA PRA Category 1 Credit™', max: 2 }],
    // Its sample lessons are a few lines long: the credit rests on a (fictional) timed pilot.
    creditJustification:
      'Timed pilot: 12 orthopaedic surgeons took the course with its full reading list in a median of 2 h 10 min (range 1 h 50 min to 2 h 40 min).',
    people: [
      {
        id: '6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01',
        name: 'Dr Ines Calloway',
        credentials: 'MD',
        role: 'faculty',
        disclosure: { disclosedOn: '2026-06-01', relationships: [] },
      },
    ],
    modules: [
      {
        id: '1d9e7c3a-2f4b-4e8a-b6c1-5a7d9e0f2c13',
        kind: 'anatomy',
        title: 'Landmarks',
        objectives: ['Identify the posterior superior iliac spine by palpation'],
        estimatedMinutes: 30,
        newOrEvolving: false,
        references: [{ citation: 'Standard anatomy text, pelvis chapter', evidenceLevel: 'expert opinion' }],
        lessons: [
          {
            id: '3b8a6d2e-9c1f-4a7b-8e2d-7f6a5b4c3d25',
            title: 'The PSIS',
            markdown: '## The PSIS\n\nThe usual landmark.',
          },
        ],
        quiz: {
          questionCount: 2,
          attemptsLimit: 3,
          retryDelayMinutes: 60,
          reviewPolicy: 'score_and_wrong',
          partialCredit: false,
        },
      },
      {
        id: '8e2f4a6c-1b3d-4f5e-9a7c-2d4e6f8a0b37',
        kind: 'extraction',
        title: 'Aspiration',
        objectives: ['Describe small-volume aspiration with repositioning'],
        estimatedMinutes: 45,
        newOrEvolving: false,
        references: [{ citation: 'Review of aspiration technique', evidenceLevel: 'III' }],
        lessons: [
          {
            id: '5c7e9a1b-3d5f-4b7a-8c9e-1f3a5c7e9b49',
            title: 'Small pulls',
            markdown: 'Pull small volumes and reposition.',
          },
        ],
        quiz: {
          questionCount: 2,
          attemptsLimit: 3,
          retryDelayMinutes: 60,
          reviewPolicy: 'score_and_wrong',
          partialCredit: false,
        },
      },
    ],
    ...overrides,
  };
}
