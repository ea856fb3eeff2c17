import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';

/** src/stats/web, found from here whether running from src (ts-jest) or dist (nest build skips assets). */
function webDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth += 1) {
    for (const candidate of [join(dir, 'web'), join(dir, 'src', 'stats', 'web')]) if (existsSync(join(candidate, 'dashboard.html'))) return candidate;
    dir = dirname(dir);
  }
  return join(__dirname, 'web');
}

/** The supervisors' dashboard: static, public (it holds no data); it logs in and uses /live and the API. */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardPageController {
  private readonly dir = webDir();
  private chartJsSource: string | null = null;

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return readFileSync(join(this.dir, 'dashboard.html'), 'utf8');
  }

  @Get('dashboard.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return readFileSync(join(this.dir, 'dashboard.css'), 'utf8');
  }

  @Get('charts.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  charts(): string {
    return readFileSync(join(this.dir, 'charts.js'), 'utf8');
  }

  /** Chart.js 4's browser build from node_modules: served by the service, never from a CDN. */
  @Get('chart.umd.min.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  chartJs(): string {
    this.chartJsSource ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
    return this.chartJsSource;
  }

  @Get('dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return readFileSync(join(this.dir, 'dashboard.js'), 'utf8');
  }
}
