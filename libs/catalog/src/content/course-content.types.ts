import type {
  CourseContentDto,
  CreditDesignationDto,
  LessonDto,
  ModuleDto,
  PersonDto,
  ReferenceDto,
} from './course-content';

// The validated DTO classes double as the plain shapes of a stored course document.
export type CourseContent = CourseContentDto;
export type CourseModule = ModuleDto;
export type Lesson = LessonDto;
export type Reference = ReferenceDto;
export type CreditDesignation = CreditDesignationDto;
export type Person = PersonDto;
