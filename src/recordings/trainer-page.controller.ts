import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';

const ASSETS: Record<string, string> = { 'trainer.html': 'text/html; charset=utf-8', 'trainer.js': 'text/javascript; charset=utf-8', 'trainer.css': 'text/css; charset=utf-8' };

/** src/recordings/web, found from here whether running from src (ts-jest) or dist (nest build skips assets). */
function webDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth += 1) {
    for (const candidate of [join(dir, 'web'), join(dir, 'src', 'recordings', 'web')]) if (existsSync(join(candidate, 'trainer.html'))) return candidate;
    dir = dirname(dir);
  }
  return join(__dirname, 'web');
}

/**
 * The trainers' page: static HTML and JS, public because they hold no data. The page logs in with
 * POST /auth/login and calls the API with the bearer token like any other client.
 */
@ApiExcludeController()
@Public()
@Controller('trainer')
export class TrainerPageController {
  private readonly dir = webDir();

  @Get()
  @Header('Content-Type', ASSETS['trainer.html'])
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return readFileSync(join(this.dir, 'trainer.html'), 'utf8');
  }

  @Get('trainer.js')
  @Header('Content-Type', ASSETS['trainer.js'])
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return readFileSync(join(this.dir, 'trainer.js'), 'utf8');
  }

  @Get('trainer.css')
  @Header('Content-Type', ASSETS['trainer.css'])
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return readFileSync(join(this.dir, 'trainer.css'), 'utf8');
  }
}
