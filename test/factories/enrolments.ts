import type { INestApplicationContext } from '@nestjs/common';
import { LearningService } from '@academy/learning';

/** Enrols a learner and acknowledges the disclosures, as a learner does before studying. */
export async function enrolReady(app: INestApplicationContext, userId: string, slug: string) {
  const learning = app.get(LearningService);
  await learning.enrol(userId, slug);
  return learning.acknowledgeDisclosures(userId, slug);
}
