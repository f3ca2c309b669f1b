import { sampleContent } from '../../../../test/factories/course-content';
import { designationStatement } from './designation';

describe('designationStatement', () => {
  it('writes the AMA wording with the amount designated, the ™ and the provider’s name', () => {
    const content = sampleContent({ credits: [{ type: 'AMA PRA Category 1 Credit™', max: 4.25 }] });
    expect(designationStatement(content, 'Iliac Institute')).toBe(
      'The Iliac Institute designates this enduring material for a maximum of 4.25 AMA PRA Category 1 Credits™. ' +
        'Physicians should claim only the credit commensurate with the extent of their participation in the activity.',
    );
  });

  it('follows the credits: another amount, one credit in the singular, the format the author chose', () => {
    const content = sampleContent({
      credits: [{ type: 'AMA PRA Category 1 Credit™', max: 1 }],
      activityFormat: 'live activity',
    });
    expect(designationStatement(content, 'Regen Academy')).toContain(
      'designates this live activity for a maximum of 1.00 AMA PRA Category 1 Credit™.',
    );
  });

  it('puts the AMA designation first and says the other credit types after it', () => {
    const content = sampleContent({
      credits: [
        { type: 'AAPA Category 1 CME', max: 2 },
        { type: 'AMA PRA Category 1 Credit™', max: 2 },
      ],
    });
    const statement = designationStatement(content, 'Regen Academy');
    expect(statement.indexOf('AMA PRA')).toBeLessThan(statement.indexOf('AAPA'));
    expect(statement).toContain('designated for a maximum of 2.00 AAPA Category 1 CME credits');
  });

  it('says nothing while no credit is designated', () => {
    expect(designationStatement(sampleContent({ credits: [] }), 'Regen Academy')).toBe('');
  });
});
