// The headers of the web pages (web/, served at `/`): their Content-Security-Policy, sent by the
// server on every answer outside /api. A header, not a <meta> tag: a meta tag cannot forbid framing
// (frame-ancestors) and only applies once the page has started to be read.
import type { RequestHandler } from 'express';

/**
 * The pages load their own scripts, styles and images only, talk to their own origin only, and are
 * never framed. No inline script or style: the pages set styles through the CSSOM (web/js/dom.js).
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const webPageHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  next();
};
