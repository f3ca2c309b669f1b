import { INestApplicationContext, Logger } from '@nestjs/common';
import { CatalogService, CoursesService, demoCourseDocuments, parseCourseDocument } from '@academy/catalog';
import { LearningService } from '@academy/learning';
import {
  AttemptsService,
  correctResponse,
  demoQuestionBanks,
  QuestionBankService,
} from '@academy/assessment';
import { Role } from '@academy/core';
import { PasswordService, UsersService } from '@academy/identity';

export interface DemoAccount {
  email: string;
  fullName: string;
  roles: Role[];
  what: string;
}

/** The demo academy's people; later features add what they study and hold. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@demo.regen.academy',
    fullName: 'Dr Amara Okafor',
    roles: ['admin'],
    what: 'academy admin and author',
  },
  {
    email: 'instructor@demo.regen.academy',
    fullName: 'Dr Lukas Brandt',
    roles: ['instructor'],
    what: 'skills-lab instructor',
  },
  {
    email: 'learner@demo.regen.academy',
    fullName: 'Dr Sofia Marquez',
    roles: ['learner'],
    what: 'physician part-way through the flagship course',
  },
  {
    email: 'certified@demo.regen.academy',
    fullName: 'Dr Kenji Watanabe',
    roles: ['learner'],
    what: 'physician who completed the flagship course',
  },
];

const LEARNER_PROFILE = { degree: 'MD', specialty: 'Orthopaedic surgery' } as const;

/**
 * Seeds the demo academy through the real services, so demo data obeys every rule real data
 * does. Safe to run at every start: existing accounts are kept and given the demo password.
 */
export async function seedDemo(app: INestApplicationContext, password: string): Promise<DemoAccount[]> {
  const users = app.get(UsersService);
  const passwords = app.get(PasswordService);
  for (const account of DEMO_ACCOUNTS) {
    const existing = await users.findByEmail(account.email);
    if (!existing) {
      const isLearner = account.roles.includes('learner');
      await users.createByAdmin({
        email: account.email,
        fullName: account.fullName,
        password,
        roles: account.roles,
        ...(isLearner ? { profile: LEARNER_PROFILE } : {}),
      });
    } else if (!(await passwords.verify(existing.passwordHash, password))) {
      await users.resetPassword(existing.id, password);
    }
  }
  await seedDemoCourses(app);
  for (const banks of demoQuestionBanks()) {
    const published = await app
      .get(CatalogService)
      .getPublished(banks.courseSlug)
      .catch(() => null);
    if (published) {
      await app.get(QuestionBankService).importBanks(banks);
    }
  }
  await seedDemoStudy(app);
  return DEMO_ACCOUNTS;
}

const FLAGSHIP = 'bone-marrow-harvesting';

/** Passes a module quiz the way a learner does: start an attempt, answer it right, submit. */
async function passQuiz(app: INestApplicationContext, userId: string, moduleId: string): Promise<void> {
  const attempts = app.get(AttemptsService);
  if ((await attempts.status(userId, FLAGSHIP, moduleId)).passed) {
    return;
  }
  const { attemptId } = await attempts.start(userId, FLAGSHIP, moduleId);
  const view = await attempts.view(userId, attemptId);
  const answers = Object.fromEntries(
    view.questions.map((question) => [question.id, correctResponse(question.answerKey.key)]),
  );
  await attempts.submit(userId, attemptId, answers);
}

/**
 * The demo learner has passed the anatomy quiz and started on extraction; the certified one has
 * read every lesson and passed every quiz.
 */
async function seedDemoStudy(app: INestApplicationContext): Promise<void> {
  const users = app.get(UsersService);
  const learning = app.get(LearningService);
  const flagship = await app
    .get(CatalogService)
    .getPublished(FLAGSHIP)
    .catch(() => null);
  if (!flagship) {
    return;
  }
  const modules = flagship.content.modules;
  const plan: [string, number][] = [
    ['learner@demo.regen.academy', 1],
    ['certified@demo.regen.academy', modules.length],
  ];
  for (const [email, modulesPassed] of plan) {
    const user = await users.findByEmail(email);
    if (!user) {
      continue;
    }
    await learning.enrol(user.id, FLAGSHIP);
    await learning.acknowledgeDisclosures(user.id, FLAGSHIP);
    for (const [index, module] of modules.entries()) {
      if (index > modulesPassed) {
        break;
      }
      // Part-way: the first lesson of the module after the last one passed.
      const lessons = index < modulesPassed ? module.lessons : module.lessons.slice(0, 1);
      for (const lesson of lessons) {
        await learning.openLesson(user.id, FLAGSHIP, lesson.id);
      }
      if (index < modulesPassed) {
        await passQuiz(app, user.id, module.id);
      }
    }
  }
}

/** Imports and publishes each shipped demo course that is not published yet. */
async function seedDemoCourses(app: INestApplicationContext): Promise<void> {
  const courses = app.get(CoursesService);
  const catalog = app.get(CatalogService);
  const logger = new Logger('DemoSeed');
  for (const raw of demoCourseDocuments()) {
    const document = await parseCourseDocument(raw);
    const published = await catalog.getPublished(document.slug).catch(() => null);
    if (published) {
      continue;
    }
    const { course, draft } = await courses.importDocument(document);
    try {
      await courses.publish(course.id, draft.revision);
    } catch (error) {
      // Demo content whose disclosures have aged past 24 months stays a draft; the app still starts.
      logger.warn({ err: error, slug: document.slug }, 'Demo course left as a draft');
    }
  }
}
