import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { JsSipBundle } from './jssip-bundle';

/** src/workspace/web, found from here whether running from src (ts-jest) or dist (nest build skips assets). */
function webDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth += 1) {
    for (const candidate of [join(dir, 'web'), join(dir, 'src', 'workspace', 'web')]) if (existsSync(join(candidate, 'workspace.html'))) return candidate;
    dir = dirname(dir);
  }
  return join(__dirname, 'web');
}

/**
 * The reps' workspace: static HTML, CSS and JS plus the JsSIP bundle, public because they hold no
 * data. The page logs in with POST /auth/login and asks for its SIP session with the token.
 */
@ApiExcludeController()
@Public()
@Controller('workspace')
export class WorkspacePageController {
  private readonly dir = webDir();

  constructor(private readonly jssip: JsSipBundle) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return readFileSync(join(this.dir, 'workspace.html'), 'utf8');
  }

  @Get('jssip.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  jssipBundle(): Promise<string> {
    return this.jssip.source();
  }

  @Get('workspace.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return readFileSync(join(this.dir, 'workspace.js'), 'utf8');
  }

  @Get('escalation.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  escalation(): string {
    return readFileSync(join(this.dir, 'escalation.js'), 'utf8');
  }

  @Get('softphone.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  softphone(): string {
    return readFileSync(join(this.dir, 'softphone.js'), 'utf8');
  }

  @Get('wrap-up.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  wrapUp(): string {
    return readFileSync(join(this.dir, 'wrap-up.js'), 'utf8');
  }

  @Get('my-work.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  myWork(): string {
    return readFileSync(join(this.dir, 'my-work.js'), 'utf8');
  }

  @Get('workspace.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return readFileSync(join(this.dir, 'workspace.css'), 'utf8');
  }
}
