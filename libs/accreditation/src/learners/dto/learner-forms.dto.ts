import { Matches } from 'class-validator';
import { AccommodationDto, EndAccommodationDto, ExtendAttemptDto } from './learner-support.dto';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The page's twin of `GrantAttemptDto`: the quiz is one choice (enrolment and module together). */
export class GrantAttemptForm extends EndAccommodationDto {
  @Matches(new RegExp(`^${UUID}:${UUID}$`, 'i'), {
    message: 'quiz must be one of the learner’s quizzes: choose one',
  })
  quiz!: string;
}

export { AccommodationDto as AccommodationForm, EndAccommodationDto as EndAccommodationForm };
export { ExtendAttemptDto as ExtendAttemptForm };
