// Deterministic SQL for the benchmark: a realistic mix of migration and query statements, about 5%
// of which touch neon_auth.users_sync (about half of those in ways the rules flag, the rest clean).
//   generateSql({ bytes, authShare, seed }) -> { text, statements, auth }
// Same arguments, same text, on every machine (seeded PRNG, no Math.random, no dates).

/** mulberry32: small, fast, good enough for picking templates. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLES = [
  'orgs',
  'projects',
  'posts',
  'comments',
  'orders',
  'order_items',
  'customers',
  'products',
  'invoices',
  'tags',
  'post_tags',
  'events',
  'teams',
  'memberships',
];
const COLS = ['name', 'title', 'status', 'amount', 'quantity', 'body', 'slug', 'kind', 'region', 'priority', 'score', 'note'];
const TYPES = [
  'text',
  'text NOT NULL',
  'integer',
  'bigint',
  'numeric(12, 2)',
  'boolean NOT NULL DEFAULT false',
  'timestamptz',
  'jsonb',
  'varchar(200)',
  'date',
];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'shipped', 'paid', 'draft', 'published', 'archived', 'north', 'south', 'café', 'naïve'];
const COMMENTS = [
  '-- Keep in sync with the API contract.',
  '-- TODO: drop once every client is on v2',
  '/* Backfill runs in batches; see runbook. */',
  '-- Résumé: index for the dashboard query',
  '/* nested /* comment */ still one */',
];

export function generateSql({ bytes, authShare = 0.05, seed = 20240501 }) {
  const r = prng(seed);
  const int = (n) => Math.floor(r() * n);
  const pick = (xs) => xs[int(xs.length)];
  const lit = () => (r() < 0.5 ? String(int(100000)) : `'${pick(WORDS)}-${int(1000)}'`);
  let n = 0;

  const createTable = () => {
    const t = `${pick(TABLES)}_${n}`;
    const cols = ['  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'];
    const k = 2 + int(6);
    for (let i = 0; i < k; i++) cols.push(`  ${pick(COLS)}_${i} ${pick(TYPES)}`);
    if (r() < 0.7) cols.push(`  ${pick(TABLES)}_id bigint REFERENCES ${pick(TABLES)}(id) ON DELETE CASCADE`);
    cols.push('  created_at timestamptz NOT NULL DEFAULT now()');
    if (r() < 0.3) cols.push(`  CONSTRAINT ${t}_uniq UNIQUE (${cols.length > 2 ? 'created_at, id' : 'id'})`);
    return `CREATE TABLE IF NOT EXISTS ${t} (\n${cols.join(',\n')}\n);`;
  };
  const selectJoin = () => {
    const [a, b, c] = [pick(TABLES), pick(TABLES), pick(TABLES)];
    const third = r() < 0.4 ? `\nLEFT JOIN ${c} z ON z.id = y.${c}_id` : '';
    return `SELECT x.id, x.${pick(COLS)}, y.${pick(COLS)}, count(*) AS n\nFROM ${a} x\nJOIN ${b} y ON y.${a}_id = x.id${third}\nWHERE x.${pick(COLS)} = ${lit()} AND y.created_at > now() - interval '${1 + int(30)} days'\nGROUP BY x.id, x.${pick(COLS)}, y.${pick(COLS)}\nORDER BY n DESC\nLIMIT ${10 + int(90)};`;
  };
  const insert = () => {
    const t = pick(TABLES);
    const rows = [];
    const k = 1 + int(5);
    for (let i = 0; i < k; i++) rows.push(`  (${lit()}, ${lit()}, ${r() < 0.5 ? 'true' : 'false'}, '{"k": ${int(10)}}'::jsonb)`);
    return `INSERT INTO ${t} (${pick(COLS)}, ${pick(COLS)}, active, meta) VALUES\n${rows.join(',\n')}\nON CONFLICT DO NOTHING;`;
  };
  const update = () => `UPDATE ${pick(TABLES)} SET ${pick(COLS)} = ${lit()}, updated_at = now() WHERE id = ${int(1e6)} AND ${pick(COLS)} <> ${lit()};`;
  const del = () => `DELETE FROM ${pick(TABLES)} WHERE created_at < now() - interval '90 days' AND ${pick(COLS)} IS NULL;`;
  const index = () => `CREATE INDEX IF NOT EXISTS idx_${pick(TABLES)}_${n} ON ${pick(TABLES)} (${pick(COLS)}, created_at DESC);`;
  const alter = () => `ALTER TABLE ${pick(TABLES)} ADD COLUMN IF NOT EXISTS ${pick(COLS)}_${n} ${pick(TYPES)};`;
  const cte = () =>
    `WITH recent AS (\n  SELECT id, ${pick(COLS)} FROM ${pick(TABLES)} WHERE created_at > now() - interval '7 days'\n)\nSELECT r.id, r.${pick(COLS)}, t.${pick(COLS)} FROM recent r LEFT JOIN ${pick(TABLES)} t ON t.id = r.id ORDER BY r.id;`;
  const fn = () =>
    `CREATE OR REPLACE FUNCTION touch_${n}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  IF NEW.${pick(COLS)} IS NULL THEN\n    NEW.${pick(COLS)} := ${lit()};\n  END IF;\n  RETURN NEW;\nEND;\n$$;`;
  const tx = () => (r() < 0.5 ? 'BEGIN;' : 'COMMIT;');
  const plain = [
    [createTable, 12],
    [selectJoin, 22],
    [insert, 18],
    [update, 14],
    [del, 4],
    [index, 8],
    [alter, 6],
    [cte, 8],
    [fn, 3],
    [tx, 5],
  ];
  const plainTotal = plain.reduce((s, [, w]) => s + w, 0);
  const plainStatement = () => {
    let x = r() * plainTotal;
    for (const [f, w] of plain) if ((x -= w) < 0) return f();
    return plain[0][0]();
  };

  const U = () => pick(['neon_auth.users_sync', 'neon_auth.users_sync', 'NEON_AUTH.USERS_SYNC', '"neon_auth"."users_sync"']);
  const auth = [
    // flagged
    () => `SELECT p.id, p.title, u.name AS author\nFROM posts p\nJOIN ${U()} u ON u.id = p.author_id\nWHERE p.status = ${lit()}\nORDER BY p.created_at DESC;`,
    () =>
      `CREATE TABLE IF NOT EXISTS notes_${n} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  user_id text NOT NULL REFERENCES ${U()}(id),\n  body text,\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
    () => `ALTER TABLE ${pick(TABLES)} ADD CONSTRAINT fk_owner_${n} FOREIGN KEY (owner_id) REFERENCES ${U()}(id);`,
    () => `SELECT id, email, name FROM ${U()} WHERE email ILIKE '%${pick(WORDS)}%' ORDER BY created_at DESC LIMIT 20;`,
    // Neon's best-practices page: a uuid column referencing the text id (Postgres rejects it, 42804)
    () =>
      `CREATE TABLE IF NOT EXISTS todos_${n} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  user_id uuid NOT NULL REFERENCES ${U()}(id) ON DELETE CASCADE,\n  task text NOT NULL\n);`,
    () =>
      `DO $$ BEGIN\n  ALTER TABLE ${pick(TABLES)} ADD CONSTRAINT ${pick(TABLES)}_user_${n}_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id);\nEXCEPTION\n  WHEN duplicate_object THEN null;\nEND $$;`,
    // clean
    () => `SELECT p.id, p.title, u.name AS author\nFROM posts p\nLEFT JOIN ${U()} u ON u.id = p.author_id AND u.deleted_at IS NULL\nWHERE p.status = ${lit()};`,
    () =>
      `CREATE TABLE IF NOT EXISTS prefs_${n} (\n  user_id text PRIMARY KEY REFERENCES ${U()}(id) ON DELETE CASCADE,\n  theme text NOT NULL DEFAULT 'dark'\n);`,
    () => `SELECT count(*) FROM ${U()} WHERE deleted_at IS NULL AND created_at > now() - interval '1 day';`,
    () => `UPDATE posts SET author_name = u.name FROM ${U()} u WHERE u.id = posts.author_id AND u.deleted_at IS NULL AND posts.id = ${int(1e6)};`,
    () => `SELECT u.id, u.email FROM ${U()} u WHERE u.deleted_at IS NULL AND u.id = $1;`,
  ];

  const parts = [];
  let size = 0;
  let statements = 0;
  let authCount = 0;
  while (size < bytes) {
    n++;
    let s;
    if (r() < authShare) {
      s = pick(auth)();
      authCount++;
    } else s = plainStatement();
    if (r() < 0.12) s = `${pick(COMMENTS)}\n${s}`;
    s += r() < 0.25 ? '\n\n' : '\n';
    parts.push(s);
    size += Buffer.byteLength(s);
    statements++;
  }
  return { text: parts.join(''), statements, auth: authCount };
}

/**
 * A deterministic migration folder: `files` numbered files (`0001_step.sql`, …) of about
 * `bytesEach` bytes, each a `generateSql` text (its own seed) that also creates one table of its
 * own and alters the one the previous file created (the history the fold must carry).
 *   generateMigrations({ files, bytesEach, seed }) -> [{ name, text }]
 */
export function generateMigrations({ files, bytesEach, seed = 20240503 }) {
  const out = [];
  for (let i = 0; i < files; i++) {
    const own = `CREATE TABLE step_${i} (\n  id bigint PRIMARY KEY,\n  owner_id text NOT NULL,\n  note text\n);\n`;
    const alter = i > 0 ? `ALTER TABLE step_${i - 1} ADD COLUMN extra_${i} integer;\nALTER TABLE step_${i - 1} ALTER COLUMN note SET NOT NULL;\n` : '';
    const body = generateSql({ bytes: Math.max(0, bytesEach - own.length - alter.length), seed: seed + i }).text;
    out.push({ name: `${String(i + 1).padStart(4, '0')}_step.sql`, text: own + alter + body });
  }
  return out;
}

/**
 * Deterministic TypeScript for the benchmark: a module of async functions, each running one query
 * through the Neon driver's `sql` tag or node-postgres' `pool.query`, with ordinary TypeScript
 * around it (types, mapping, error handling). `queries` of the functions read neon_auth.users_sync
 * (about half of those in ways the rules flag); with `neonAuth: false` no text mentions Neon Auth
 * (the pre-filter's case). Stops at the first function that reaches `bytes`.
 *   generateTs({ bytes, neonAuth, seed }) -> { text, functions, queries, lines }
 */
export function generateTs({ bytes, neonAuth = true, seed = 20240502 }) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const parts = [
    "import { neon } from '@neondatabase/serverless';\nimport { Pool } from 'pg';\nimport type { Row } from './types';\n\n",
    'const sql = neon(process.env.DATABASE_URL!);\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n\n',
  ];
  let length = parts.join('').length;
  let functions = 0;
  let queries = 0;
  while (length < bytes) {
    functions++;
    const t = pick(TABLES);
    const c = pick(COLS);
    let query;
    if (neonAuth && functions % 4 === 0) {
      queries++;
      query = pick([
        `sql\`SELECT x.id, x.${c}, u.name FROM ${t} x LEFT JOIN neon_auth.users_sync u ON u.id = x.owner_id AND u.deleted_at IS NULL WHERE x.id = \${id}\``,
        `sql\`SELECT x.id, u.email FROM ${t} x JOIN neon_auth.users_sync u ON u.id = x.owner_id WHERE u.deleted_at IS NULL AND x.${c} = \${value}\``,
        `sql\`SELECT id, name, email FROM neon_auth.users_sync WHERE id = \${id}\``,
        `pool.query('SELECT x.${c}, u.name FROM ${t} x LEFT JOIN neon_auth.users_sync u ON u.id = x.owner_id WHERE u.deleted_at IS NULL AND x.id = $1', [id]).then((r) => r.rows)`,
      ]);
    } else {
      query = pick([
        `sql\`SELECT id, ${c} FROM ${t} WHERE id = \${id} AND ${pick(COLS)} = \${value}\``,
        `pool.query('UPDATE ${t} SET ${c} = $1 WHERE id = $2 RETURNING id', [value, id]).then((r) => r.rows)`,
        `sql\`INSERT INTO ${t} (${c}, created_at) VALUES (\${value}, now()) RETURNING id\``,
      ]);
    }
    const fn = [
      `/** Loads ${t} rows by ${c} (${pick(WORDS)}). */`,
      `export async function load${functions}(id: number, value: string): Promise<Row[]> {`,
      `  if (!Number.isInteger(id) || id < 0) throw new Error(\`bad id \${id} for ${t}\`);`,
      `  const rows = (await ${query}) as Row[];`,
      `  return rows.map((r) => ({ ...r, label: String(r.${c} ?? '${pick(WORDS)}').trim() }));`,
      '}',
      '',
      '',
    ].join('\n');
    parts.push(fn);
    length += fn.length;
  }
  const text = parts.join('');
  return { text, functions, queries, lines: text.split('\n').length - 1 };
}

/**
 * A deterministic repository of `files` files of about `bytesEach` bytes (the 2,000-file,
 * 20 MB case): a fifth migrations (one set, `db/migrations/`, see `generateMigrations`), half query
 * files (`db/queries/q0001.sql`, …, `generateSql`), the rest TypeScript modules with embedded SQL
 * (`src/m0001.ts`, …, `generateTs`).
 *   generateRepo({ files, bytesEach, seed }) -> [{ path, text }]  (paths relative, `/`-separated)
 */
export function generateRepo({ files, bytesEach, seed = 20240504 }) {
  const migrations = Math.round(files / 5);
  const queries = Math.round(files / 2);
  const ts = files - migrations - queries;
  const out = generateMigrations({ files: migrations, bytesEach, seed }).map((m) => ({ path: `db/migrations/${m.name}`, text: m.text }));
  const num = (i) => String(i + 1).padStart(4, '0');
  for (let i = 0; i < queries; i++) out.push({ path: `db/queries/q${num(i)}.sql`, text: generateSql({ bytes: bytesEach, seed: seed + 10000 + i }).text });
  for (let i = 0; i < ts; i++) out.push({ path: `src/m${num(i)}.ts`, text: generateTs({ bytes: bytesEach, seed: seed + 20000 + i }).text });
  return out;
}
