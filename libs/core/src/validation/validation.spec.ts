import { forPeople } from './validation';

describe('form problems as a page shows them', () => {
  it('drops the field name, says each problem once, and as a sentence', () => {
    expect(
      forPeople({
        specialty: ['specialty must be 1 to 120 characters', 'specialty must be 1 to 120 characters'],
      }),
    ).toEqual({ specialty: ['Must be 1 to 120 characters.'] });
  });

  it('puts the validator’s own phrasings into words for people', () => {
    expect(
      forPeople({
        lessonId: ['lessonId must be a UUID'],
        extra: ['property extra should not exist', 'extra should not exist'],
        count: ['count must be an integer number'],
        email: ['email must be an e-mail address'],
      }),
    ).toEqual({
      lessonId: ['Is not one of the choices this page offered: open the page again and choose again.'],
      extra: ['Is not part of this form: open the page again.'],
      count: ['Must be a whole number.'],
      email: ['Enter an e-mail address, such as jane.smith@clinic.example.'],
    });
  });
});
