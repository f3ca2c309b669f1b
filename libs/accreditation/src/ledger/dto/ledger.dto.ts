import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { LedgerEntryRecord } from '@academy/core';
import { LEDGER_BREAK_REASONS } from '../ledger-chain';
import type { LedgerCheckpoint } from '../ledger-checkpoint.repository';
import type { LedgerVerification } from '../ledger.service';

const HASH_EXAMPLE = '9f2c…e41a (64 hex digits)';

export class CheckpointDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Entries the checkpoint covers (1 to entryCount)', example: 1532 })
  entryCount!: number;

  @ApiProperty({
    description: 'SHA-256 (hex) of entry entryCount; 64 zeros for an empty ledger',
    example: HASH_EXAMPLE,
  })
  headHash!: string;

  @ApiProperty({ format: 'date-time' })
  madeAt!: string;

  @ApiProperty({ enum: ['daily', 'admin', 'demo_seed'] })
  reason!: string;

  @ApiProperty({ example: 'did:key:z6Mk…', description: 'The issuer key that signed it (see GET /issuer)' })
  keyDid!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The signed checkpoint: a W3C VC 2.0 credential (type LedgerCheckpoint) with a Data Integrity proof (eddsa-rdfc-2022) by keyDid',
  })
  credential!: Record<string, unknown>;
}

export class CheckpointListDto {
  /** Newest first */
  items!: CheckpointDto[];

  total!: number;
}

export function toCheckpointDto(checkpoint: LedgerCheckpoint): CheckpointDto {
  return {
    id: checkpoint.id,
    entryCount: checkpoint.entryCount,
    headHash: checkpoint.headHash,
    madeAt: checkpoint.madeAt.toISOString(),
    reason: checkpoint.reason,
    keyDid: checkpoint.keyDid,
    credential: checkpoint.credential,
  };
}

export class LedgerBreakDto {
  /** The entry at which the chain breaks */
  seq!: number;

  @ApiProperty({ enum: LEDGER_BREAK_REASONS })
  reason!: string;

  message!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The checkpoint that disagrees with the chain' })
  checkpointId?: string;
}

export class CheckpointProblemDto {
  @ApiProperty({ format: 'uuid' })
  checkpointId!: string;

  entryCount!: number;

  @ApiProperty({ format: 'date-time' })
  madeAt!: string;

  @ApiProperty({ enum: ['bad_signature', 'unknown_key', 'signed_after_key_retired', 'altered'] })
  code!: string;

  message!: string;
}

export class CheckpointCheckDto {
  checked!: number;

  problems!: CheckpointProblemDto[];
}

export class LedgerVerificationDto {
  /** Unbroken chain, agreeing with every checkpoint, every checkpoint genuine */
  ok!: boolean;

  /** Entries verified (up to the first break) */
  count!: number;

  @ApiProperty({ example: HASH_EXAMPLE, description: 'Hash of the last verified entry' })
  headHash!: string;

  firstBreak!: LedgerBreakDto | null;

  checkpoints!: CheckpointCheckDto;

  @ApiProperty({ format: 'date-time' })
  checkedAt!: string;
}

export function toVerificationDto(verification: LedgerVerification): LedgerVerificationDto {
  return {
    ok: verification.ok,
    count: verification.count,
    headHash: verification.headHash,
    firstBreak: verification.firstBreak,
    checkpoints: {
      checked: verification.checkpoints.checked,
      problems: verification.checkpoints.problems.map((problem) => ({
        ...problem,
        madeAt: problem.madeAt.toISOString(),
      })),
    },
    checkedAt: verification.checkedAt.toISOString(),
  };
}

export class LedgerEntryQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Entries after this seq (0: from the first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}

export class LedgerEntryDto {
  seq!: number;

  @ApiProperty({
    example: '2026-11-22T03:23:53.123000Z',
    description: 'UTC, six fractional digits, as hashed',
  })
  occurredAt!: string;

  @ApiProperty({ example: 'certificate.issued' })
  action!: string;

  subjectType!: string | null;

  subjectId!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The acting user' })
  actor!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;

  @ApiProperty({ example: HASH_EXAMPLE })
  prevHash!: string;

  @ApiProperty({ example: HASH_EXAMPLE })
  hash!: string;
}

export class LedgerHeadDto {
  count!: number;

  @ApiProperty({ example: HASH_EXAMPLE })
  hash!: string;
}

export class LedgerEntryListDto {
  /**
   * In chain order. hash = SHA-256 (hex) of the RFC 8785 (JCS) form of the entry without its hash: {seq,
   * occurredAt, action, subjectType, subjectId, actor, details, prevHash}
   */
  items!: LedgerEntryDto[];

  /** The ledger’s current head */
  head!: LedgerHeadDto;
}

export function toEntryDto(entry: LedgerEntryRecord): LedgerEntryDto {
  return { ...entry };
}
