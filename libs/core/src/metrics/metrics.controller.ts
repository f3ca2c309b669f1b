import {
  Controller,
  Get,
  Headers,
  Inject,
  NotFoundException,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access.decorators';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AnswersJson } from '../request/route-config';
import { Metrics, metricsAccess } from './metrics';

/**
 * `/metrics` for Prometheus, behind `Authorization: Bearer <METRICS_TOKEN>`; without a token
 * configured there is no such page. Each replica answers for itself: scrape every one.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Get()
  @Public()
  @AnswersJson()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    switch (metricsAccess(this.config.metricsToken, authorization)) {
      case 'off':
        throw new NotFoundException();
      case 'denied':
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('Metrics need the bearer token set as METRICS_TOKEN.');
      case 'ok':
        await reply
          .header('content-type', this.metrics.contentType)
          .header('cache-control', 'no-store')
          .send(await this.metrics.render());
    }
  }
}
