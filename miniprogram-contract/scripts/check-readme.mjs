// Every ```ts block in README.md must appear verbatim in examples/pages.ts, which tsc checks.
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = readFileSync(new URL('../examples/pages.ts', import.meta.url), 'utf8');
const normalize = (text) => text.replace(/\r\n/g, '\n').trim();
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => normalize(m[1]));

const missing = blocks.filter((block) => !normalize(examples).includes(block));
if (blocks.length === 0 || missing.length > 0) {
  console.error(blocks.length === 0 ? 'README.md has no ts excerpts.' : `README.md excerpts not found in examples/pages.ts:\n\n${missing.join('\n\n---\n\n')}`);
  process.exit(1);
}

console.log(`README.md: ${blocks.length} excerpts match examples/pages.ts`);
