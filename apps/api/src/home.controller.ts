import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Page, Public } from '@academy/core';

@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Public()
  @Page('apps/api/views/home.hbs')
  home(@Query('signedOut') signedOut: unknown): Record<string, unknown> {
    return {
      title: 'Procedural training you can verify',
      notice: signedOut ? 'You are signed out.' : undefined,
    };
  }
}
