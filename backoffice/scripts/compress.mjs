// After `vite build`: a Brotli (.br) and a gzip (.gz) copy beside every text asset, made once at build time at the
// highest levels, which the API serves to browsers that accept them (Hosting/BackOffice.cs). Nothing is compressed per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../../Api/backoffice-dist', import.meta.url).pathname;
const compressible = /\.(js|css|html|svg|json|txt|map)$/;
let before = 0;
let after = 0;

function walk(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (compressible.test(name)) {
      const content = readFileSync(path);
      const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      before += content.length;
      after += br.length;
    }
  }
}

walk(root);
console.log(`compressed the back office: ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB with Brotli`);
