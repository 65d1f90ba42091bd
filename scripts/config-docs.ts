import fs from 'node:fs';
import path from 'node:path';
import { withReference } from '../platform/config/reference.js';
import { packageRoot } from '../platform/package-root.js';

/** `npm run config:docs`: rewrites the configuration reference of docs/operations.md from the settings catalogue. */
const file = path.join(packageRoot(), 'docs', 'operations.md');
const before = fs.readFileSync(file, 'utf8');
const after = withReference(before);
fs.writeFileSync(file, after);
console.log(
  after === before
    ? `${path.relative(process.cwd(), file)}: configuration reference already current`
    : `${path.relative(process.cwd(), file)}: configuration reference rewritten`,
);
