// Load generator for tests/docker/db-health-memory.test.ts, run inside a container's network
// namespace (nsenter), so its own memory is not charged to the container. Prints one JSON line.
// argv[2]: JSON { kind: "mysql", accounts: [{ user, password, database, connections }], rows }
//                | { kind: "redis-fill", user?, password?, valueBytes, prefix }
//                | { kind: "redis-big", user?, password?, megabytes }
const spec = JSON.parse(process.argv[2]);

async function mysqlLoad() {
  const mysql = require("mysql2/promise");
  const conns = [];
  const errors = [];
  // all connections of all seats open at the same time: the peak examlab sizes max_connections for
  for (const a of spec.accounts)
    for (let i = 0; i < a.connections; i++) {
      try {
        conns.push({ c: await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: a.user, password: a.password, database: a.database }), t: `t_${conns.length}` });
      } catch (e) {
        errors.push(`${a.user}: ${e.code || e.message}`);
      }
    }
  // a candidate's program: a table, a few hundred rows with Chinese text, sorting, grouping, a join
  const work = async ({ c, t }) => {
    await c.query(`CREATE TABLE IF NOT EXISTS ${t} (id INT PRIMARY KEY, name VARCHAR(40), cls INT, score INT, note TEXT) CHARACTER SET utf8mb4`);
    for (let b = 0; b < spec.rows; b += 100) {
      const values = [];
      for (let i = b; i < Math.min(spec.rows, b + 100); i++) values.push([i, `学生${i}`, i % 12, (i * 37) % 101, "备注".repeat(20)]);
      await c.query(`INSERT INTO ${t} VALUES ? ON DUPLICATE KEY UPDATE score = VALUES(score)`, [values]);
    }
    await c.query(`SELECT name, score FROM ${t} ORDER BY note, score DESC LIMIT 10`);
    await c.query(`SELECT cls, AVG(score), COUNT(*) FROM ${t} GROUP BY cls ORDER BY AVG(score) DESC`);
    await c.query(`SELECT a.id FROM ${t} a JOIN ${t} b ON a.cls = b.cls AND a.id < b.id WHERE a.score > 90 LIMIT 100`);
  };
  for (let round = 0; round < 2; round++) {
    const results = await Promise.allSettled(conns.map(work));
    for (const r of results) if (r.status === "rejected") errors.push(String(r.reason && (r.reason.code || r.reason.message)));
  }
  for (const { c } of conns) await c.end().catch(() => {});
  return { opened: conns.length, errors: [...new Set(errors)] };
}

async function redisClient() {
  const { createClient } = require("redis");
  const c = createClient({ socket: { host: "127.0.0.1", port: 6379, reconnectStrategy: false }, username: spec.user, password: spec.password });
  c.on("error", () => {});
  await c.connect();
  return c;
}

async function redisFill() {
  const c = await redisClient();
  const value = "x".repeat(spec.valueBytes);
  let written = 0;
  let error = "";
  // pipelines of 100 SETs until the server refuses a write
  for (let i = 0; i < 1_000_000 && !error; i += 100) {
    const batch = [];
    for (let k = i; k < i + 100; k++) batch.push(c.set(`${spec.prefix}${k}`, value).then(() => written++, (e) => (error ||= e.message)));
    await Promise.all(batch);
  }
  const info = await c.sendCommand(["INFO", "memory"]).catch((e) => e.message);
  await c.quit().catch(() => {});
  return { written, error, usedMemory: /used_memory:(\d+)/.exec(info)?.[1] };
}

async function redisBig() {
  const c = await redisClient();
  let error = "";
  try {
    // one value of N MB in one command (a candidate storing a whole file): the query buffer and the value
    await c.set(`${spec.prefix}big`, "y".repeat(spec.megabytes * 1048576));
  } catch (e) {
    error = e.message;
  }
  await c.quit().catch(() => {});
  return { error };
}

async function redisReadAll() {
  const c = await redisClient();
  let error = "";
  let bytes = 0;
  try {
    // a candidate reading all their data back in one command
    const keys = [];
    for (let i = 0; i < spec.keys; i++) keys.push(`${spec.prefix}${i}`);
    const values = await c.mGet(keys);
    bytes = values.reduce((n, v) => n + (v ? v.length : 0), 0);
  } catch (e) {
    error = e.message;
  }
  await c.quit().catch(() => {});
  return { error, bytes };
}

async function redisEval() {
  const c = await redisClient();
  let error = "";
  try {
    await c.sendCommand(["EVAL", "return redis.call('SET', KEYS[1], string.rep('z', 1048576))", "1", `${spec.prefix}lua`]);
  } catch (e) {
    error = e.message;
  }
  await c.quit().catch(() => {});
  return { error };
}

const run = { mysql: mysqlLoad, "redis-fill": redisFill, "redis-big": redisBig, "redis-readall": redisReadAll, "redis-eval": redisEval }[spec.kind];
run().then(
  (r) => { process.stdout.write(JSON.stringify(r) + "\n"); process.exit(0); },
  (e) => { process.stdout.write(JSON.stringify({ fatal: String(e && e.message) }) + "\n"); process.exit(1); },
);
