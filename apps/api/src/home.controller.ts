import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@academy/core';

@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Public()
  @Render('apps/api/views/home.hbs')
  home(@Query('signedOut') signedOut: unknown): Record<string, unknown> {
    return {
      title: 'Procedural training you can verify',
      notice: signedOut ? 'You are signed out.' : undefined,
    };
  }
}
