import { MigrationInterface, QueryRunner } from 'typeorm';

// Abbreviations and old aliases people typed for a venue's zone, by the place they meant.
const MEANT: Record<string, string> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ET: 'America/New_York',
  EST5EDT: 'America/New_York',
  'US/EASTERN': 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  'US/CENTRAL': 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  MT: 'America/Denver',
  MST7MDT: 'America/Denver',
  'US/MOUNTAIN': 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  'US/PACIFIC': 'America/Los_Angeles',
  'US/ARIZONA': 'America/Phoenix',
  'US/HAWAII': 'Pacific/Honolulu',
  HST: 'Pacific/Honolulu',
  AKST: 'America/Anchorage',
  'US/ALASKA': 'America/Anchorage',
  GMT: 'UTC',
  Z: 'UTC',
  ZULU: 'UTC',
  UCT: 'UTC',
  UNIVERSAL: 'UTC',
  'ETC/UTC': 'UTC',
  'ETC/GMT': 'UTC',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  EET: 'Europe/Athens',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide',
  AWST: 'Australia/Perth',
  JST: 'Asia/Tokyo',
  IST: 'Asia/Calcutta',
};

/**
 * Labs keep canonical IANA zones only (the server's zone list, and UTC). Zones stored before
 * that rule are mapped to the one they meant: the same name in other letter case, an
 * abbreviation's place (EST → America/New_York), or the canonical name of an alias the runtime
 * resolves; anything else is left for an admin to correct on the lab's form, which names it.
 */
export class CanonicalLabZones1795309610000 implements MigrationInterface {
  name = 'CanonicalLabZones1795309610000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const supported = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
    const byUpper = new Map(supported.map((zone) => [zone.toUpperCase(), zone]));
    const rows = (await queryRunner.query(`SELECT DISTINCT time_zone FROM lab_session`)) as {
      time_zone: string;
    }[];
    for (const { time_zone: stored } of rows) {
      const canonical = canonicalZone(stored.trim(), byUpper);
      if (canonical && canonical !== stored) {
        await queryRunner.query(`UPDATE lab_session SET time_zone = $2 WHERE time_zone = $1`, [
          stored,
          canonical,
        ]);
      }
    }
  }

  // The canonical zone names the place the old value meant, and the old value still works where
  // it ever did: nothing to undo.
  async down(): Promise<void> {}
}

function canonicalZone(stored: string, byUpper: Map<string, string>): string | null {
  const upper = stored.toUpperCase();
  const meant = MEANT[upper];
  if (meant && byUpper.has(meant.toUpperCase())) {
    return byUpper.get(meant.toUpperCase())!;
  }
  if (byUpper.has(upper)) {
    return byUpper.get(upper)!;
  }
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: stored }).resolvedOptions().timeZone;
    return byUpper.get(resolved.toUpperCase()) ?? null;
  } catch {
    return null;
  }
}
