import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@academy/core';
import { ALL_MIGRATIONS } from '../../../../migrations';
import { VersionedQuestionBank1795307700000 } from '../../../../migrations/1795307700000-VersionedQuestionBank';
import { createTestDatabase } from '../../../../test/support/test-database';

const HASH = 'a'.repeat(64);
const MODULE = '11111111-1111-4111-8111-111111111111';

describe('the versioned question bank migration', () => {
  it('keeps each existing question in the published version and copies the active ones into every other version', async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new Client({ connectionString: database.url });
    try {
      const before = new DataSource({
        ...dataSourceOptions(database.url, { poolSize: 1 }),
        migrations: ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(VersionedQuestionBank1795307700000)),
      });
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.destroy();

      await client.connect();
      const course = (
        await client.query<{ id: string }>(
          `INSERT INTO course (slug, created_at) VALUES ('bank-course', now()) RETURNING id`,
        )
      ).rows[0]!.id;
      // Version 1 archived (learners still on it), 2 published, 3 a draft.
      const version = async (number: number, status: string) =>
        (
          await client.query<{ id: string }>(
            `INSERT INTO course_version (course_id, number, status, content, content_hash, created_at, updated_at, published_at, archived_at)
             VALUES ($1, $2, $3, '{"title": "Bank"}', $4, now(), now(), $5, $6) RETURNING id`,
            [
              course,
              number,
              status,
              status === 'draft' ? null : HASH,
              status === 'draft' ? null : new Date(),
              status === 'archived' ? new Date() : null,
            ],
          )
        ).rows[0]!.id;
      const [v1, v2, v3] = [
        await version(1, 'archived'),
        await version(2, 'published'),
        await version(3, 'draft'),
      ];
      const question = async (prompt: string, retired: boolean) =>
        (
          await client.query<{ id: string }>(
            `INSERT INTO question (course_id, module_id, type, body, answer_key, created_at, retired_at)
             VALUES ($1, $2, 'true_false', $3, '{"key": {"type": "true_false", "correct": true}, "explanation": "x", "reference": "y"}', now(), $4)
             RETURNING id`,
            [course, MODULE, JSON.stringify({ type: 'true_false', prompt }), retired ? new Date() : null],
          )
        ).rows[0]!.id;
      const kept = await question('Kept', false);
      const retired = await question('Retired', true);

      await runMigrations(database.url, ALL_MIGRATIONS);

      const { rows } = await client.query<{
        id: string;
        course_version_id: string;
        lineage_id: string;
        prompt: string;
        retired: boolean;
      }>(
        `SELECT id, course_version_id, lineage_id, body ->> 'prompt' AS prompt, retired_at IS NOT NULL AS retired
           FROM question ORDER BY body ->> 'prompt', course_version_id`,
      );
      const where = (id: string) =>
        rows
          .filter((row) => row.course_version_id === id)
          .map((row) => row.prompt)
          .sort();
      // Attempts name the old ids: those rows stay, in the published version.
      expect(rows.find((row) => row.id === kept)).toMatchObject({ course_version_id: v2, lineage_id: kept });
      expect(rows.find((row) => row.id === retired)).toMatchObject({ course_version_id: v2, retired: true });
      expect(where(v1)).toEqual(['Kept']);
      expect(where(v3)).toEqual(['Kept']);
      expect(rows.filter((row) => row.prompt === 'Kept').every((row) => row.lineage_id === kept)).toBe(true);

      // From now on the published and archived versions' questions are frozen; the draft's are not.
      for (const versionId of [v1, v2]) {
        const refused = await client
          .query(`UPDATE question SET tags = '{x}' WHERE course_version_id = $1`, [versionId])
          .catch((error: { constraint?: string }) => error);
        expect(refused).toMatchObject({ constraint: 'question_version_frozen' });
      }
      const changed = await client.query(`UPDATE question SET tags = '{x}' WHERE course_version_id = $1`, [
        v3,
      ]);
      expect(changed.rowCount).toBe(1);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
