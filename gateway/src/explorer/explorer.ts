import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request } from 'express';

/** A dependency's folder; its `exports` map hides the UMD files from require.resolve. */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot locate the ${name} package`);
    dir = parent;
  }
  return dir;
}

// Served from the app's own dependencies: the explorer works offline and loads nothing from a CDN.
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.production.min.js': { file: path.join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { file: path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { file: path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  // Plain browser JS and CSS, not compiled: resolved from the sources whether running from src or dist.
  'explorer.js': { file: path.resolve(__dirname, '..', '..', 'src', 'explorer', 'explorer.client.js'), type: 'text/javascript' },
  'explorer.css': { file: path.resolve(__dirname, '..', '..', 'src', 'explorer', 'explorer.css'), type: 'text/css' },
};

// `rel=icon data:,` spares the favicon request, whose 404 would be an error in the browser console.
const HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>leadgraph explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/explorer/graphiql.min.css">
  <link rel="stylesheet" href="/explorer/explorer.css">
</head>
<body>
  <div id="graphiql">Loading the leadgraph explorer...</div>
  <script src="/explorer/react.production.min.js"></script>
  <script src="/explorer/react-dom.production.min.js"></script>
  <script src="/explorer/graphiql.min.js"></script>
  <script src="/explorer/explorer.js"></script>
</body>
</html>`;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A browser asking for a page (not a GraphQL GET request, which carries `query`). */
export const wantsExplorer = (req: Request) => req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');

export function mountExplorer(app: Express): void {
  const cache = new Map<string, Buffer>();
  app.get('/explorer/:asset', (req, res) => {
    const asset = ASSETS[req.params.asset];
    if (!asset) {
      res.status(404).end();
      return;
    }
    let body = cache.get(req.params.asset);
    if (!body) {
      body = readFileSync(asset.file);
      cache.set(req.params.asset, body);
    }
    res.type(asset.type).set('Cache-Control', 'public, max-age=3600').send(body);
  });
  app.get('/graphql', (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    res.type('html').set('Content-Security-Policy', CSP).send(HTML);
  });
}
