import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/access.decorators';
import { Database } from '../database/database';
import { AnswersJson } from '../request/route-config';

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

  /** Liveness probe */
  @Get('live')
  @Public()
  @AnswersJson()
  @ApiOkResponse({ type: HealthDto, description: 'The process is up.' })
  live(): HealthDto {
    return { status: 'ok' };
  }

  /** Readiness probe (the database answers) */
  @Get('ready')
  @Public()
  @AnswersJson()
  @ApiOkResponse({ type: HealthDto, description: 'The database answers.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async ready(): Promise<HealthDto> {
    try {
      await this.db.ping();
    } catch {
      throw new ServiceUnavailableException('The database does not answer');
    }
    return { status: 'ok' };
  }
}
