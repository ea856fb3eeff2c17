import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../../config/app-config';

type Middleware = (request: Request, response: Response, next: NextFunction) => void;

/**
 * The Content-Security-Policy of every response. The served pages (/dashboard, /trainer,
 * /workspace) load only their own scripts and stylesheets, talk to this origin (fetch, socket.io
 * over WebSocket), play recordings from the object store through presigned URLs (that origin is
 * allowed for media only), and the workspace's softphone speaks SIP over WebSocket to Asterisk
 * (that origin is allowed for connections only). No inline script or style anywhere; nothing may
 * frame us.
 */
export function contentSecurityPolicy(config: Pick<AppConfig, 's3' | 'sip'>): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", new URL(config.sip.webSocketUrl).origin],
    mediaSrc: ["'self'", objectStoreOrigin(config.s3)],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** Where presigned recording URLs point: the same endpoint the storage client signs for. */
export function objectStoreOrigin(s3: AppConfig['s3']): string {
  const scheme = s3.useSSL ? 'https' : 'http';
  const defaultPort = s3.useSSL ? 443 : 80;
  return s3.port === defaultPort ? `${scheme}://${s3.endPoint}` : `${scheme}://${s3.endPoint}:${s3.port}`;
}

/**
 * helmet (nosniff, frame-ancestors via CSP and X-Frame-Options, referrer policy, ...) with our CSP.
 * Swagger UI at /docs is third-party code that writes inline styles (not scripts): there, and only
 * there, styles may be inline; scripts stay 'self' everywhere.
 */
export function securityHeaders(config: Pick<AppConfig, 's3' | 'sip'>): Middleware {
  const strict = contentSecurityPolicy(config);
  const ours = helmet({ contentSecurityPolicy: { useDefaults: false, directives: strict }, frameguard: { action: 'deny' } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...strict, styleSrc: ["'self'", "'unsafe-inline'"] } }, frameguard: { action: 'deny' } });
  return (request, response, next) => (isDocsPath(request.path) ? docs : ours)(request, response, next);
}

export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

/**
 * API answers carry tokens, recordings' URLs and customer data: no cache keeps them. Routes that
 * serve static assets set their own Cache-Control afterwards, which replaces this one.
 */
export function noStoreByDefault(): Middleware {
  return (_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/** Express "trust proxy" from the TRUST_PROXY setting: a hop count, true/false, or a list of addresses/names. */
export function trustProxyValue(setting: string): boolean | number | string {
  if (setting === 'true') return true;
  if (setting === 'false') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting;
}
