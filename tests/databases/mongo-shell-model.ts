/**
 * An in-memory model of the part of a MongoDB server and its shell (`db`) that the generated seat
 * script uses — MongoDB is not in Debian, so no real mongod can run here. Every behaviour below is
 * the documented one (MongoDB 4.4 manual and the legacy shell's db.js), and anything the model does
 * not know THROWS, so a script that starts using another API fails the test instead of passing
 * against a guess.
 *
 * Sources (MongoDB manual v4.4, reference/method and reference/command):
 * - db.getSiblingDB(name): a handle on another database; names may not contain /\. "$ and must be
 *   shorter than 64 bytes (reference/limits "Restrictions on Database Names for Unix and Linux").
 * - db.getUser(user): the user's document, or null when the user does not exist in that database.
 * - db.createUser(doc): fields user, pwd, roles (required, may be []), customData,
 *   authenticationRestrictions, mechanisms, passwordDigestor; "returns a duplicate user error if
 *   the user exists on the database".
 * - db.updateUser(user, update): update fields customData, roles, pwd, authenticationRestrictions,
 *   mechanisms, passwordDigestor; "when you update the roles array, you completely replace the
 *   previous array's values"; UserNotFound when the user does not exist.
 * - db.dropUser(user): removes the user; the legacy shell returns true, or false when the user did
 *   not exist (UserNotFound); it does not touch the database's data.
 * - usersInfo: { forAllDBs: true } (new in 4.0, SERVER-34401): { users: [{ _id: "<db>.<user>",
 *   user, db, roles, mechanisms }], ok: 1 }.
 * - A user is identified by name AND authentication database; login = SCRAM with that pair.
 * - Built-in roles: readWrite/read/dbAdmin/dbOwner/userAdmin on any database; root and the
 *   *AnyDatabase roles only on admin.
 */

import * as vm from "node:vm";

export interface Role {
  role: string;
  db: string;
}

export interface UserDoc {
  user: string;
  db: string;
  pwd: string;
  roles: Role[];
}

export interface ModelState {
  users: UserDoc[];
  /** database → collection → documents (the data that must survive account changes). */
  data: Record<string, Record<string, unknown[]>>;
}

export class MongoError extends Error {
  constructor(readonly code: number, readonly codeName: string, message: string) {
    super(`${codeName}: ${message}`);
  }
}

const DB_ROLES = new Set(["read", "readWrite", "dbAdmin", "dbOwner", "userAdmin"]);
const ADMIN_ONLY_ROLES = new Set(["root", "readAnyDatabase", "readWriteAnyDatabase", "userAdminAnyDatabase", "dbAdminAnyDatabase", "clusterAdmin"]);
const CREATE_FIELDS = new Set(["user", "pwd", "roles", "customData", "authenticationRestrictions", "mechanisms", "passwordDigestor"]);
const UPDATE_FIELDS = new Set(["pwd", "roles", "customData", "authenticationRestrictions", "mechanisms", "passwordDigestor"]);

function checkDbName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0 || name.length >= 64 || /[/\\. "$\u0000]/.test(name))
    throw new MongoError(73, "InvalidNamespace", `Invalid database name: ${JSON.stringify(name)}`);
  return name;
}

function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles)) throw new MongoError(2, "BadValue", `"roles" must be an array`);
  return roles.map((r) => {
    if (typeof r !== "object" || r === null || Object.keys(r).sort().join(",") !== "db,role") throw new MongoError(2, "BadValue", `role must be { role, db }: ${JSON.stringify(r)}`);
    const { role, db } = r as Role;
    checkDbName(db);
    if (ADMIN_ONLY_ROLES.has(role) ? db !== "admin" : !DB_ROLES.has(role)) throw new MongoError(31, "RoleNotFound", `Could not find role: ${role}@${db}`);
    return { role, db };
  });
}

function checkPwd(pwd: unknown): string {
  if (typeof pwd !== "string" || pwd.length === 0) throw new MongoError(2, "BadValue", "Password cannot be empty");
  return pwd;
}

/** Only the documented fields, nothing else: unknown ones are errors (as the server's IDL parser). */
function checkFields(doc: unknown, allowed: Set<string>, what: string): Record<string, unknown> {
  if (typeof doc !== "object" || doc === null) throw new MongoError(2, "BadValue", `${what} must be a document`);
  for (const k of Object.keys(doc)) if (!allowed.has(k)) throw new MongoError(40415, "IDLUnknownField", `${what}: unknown field '${k}'`);
  return doc as Record<string, unknown>;
}

export class MongoModel {
  private users = new Map<string, UserDoc>();
  data: Record<string, Record<string, unknown[]>> = {};
  /** Every call the script made, in order ("createUser seat_201_01@seat_201_01"). */
  readonly calls: string[] = [];

  static from(state: ModelState): MongoModel {
    const m = new MongoModel();
    for (const u of state.users) m.users.set(`${u.db}.${u.user}`, structuredClone(u));
    m.data = structuredClone(state.data);
    return m;
  }

  state(): ModelState {
    const users = [...this.users.values()].sort((a, b) => `${a.db}.${a.user}`.localeCompare(`${b.db}.${b.user}`));
    return structuredClone({ users, data: this.data });
  }

  /** SCRAM login of user@authDb with a password. */
  login(authDb: string, user: string, pwd: string): boolean {
    return this.users.get(`${authDb}.${user}`)?.pwd === pwd;
  }

  /** A client writing data as a logged-in user (readWrite on that database needed). */
  insert(asUser: { db: string; user: string; pwd: string }, db: string, collection: string, doc: unknown): void {
    if (!this.login(asUser.db, asUser.user, asUser.pwd)) throw new MongoError(18, "AuthenticationFailed", "Authentication failed.");
    const u = this.users.get(`${asUser.db}.${asUser.user}`)!;
    if (!u.roles.some((r) => (r.role === "readWrite" && r.db === db) || r.role === "root")) throw new MongoError(13, "Unauthorized", `not authorized on ${db}`);
    ((this.data[db] ??= {})[collection] ??= []).push(structuredClone(doc));
  }

  /** The shell's global `db` (current database: admin, as `mongo … admin file.js`). */
  shellDb(current = "admin"): unknown {
    return this.dbHandle(checkDbName(current));
  }

  private dbHandle(name: string): unknown {
    const model = this;
    const methods: Record<string, (...args: unknown[]) => unknown> = {
      getSiblingDB: (other) => model.dbHandle(checkDbName(other)),
      getName: () => name,
      getUser: (user) => {
        model.calls.push(`getUser ${String(user)}@${name}`);
        const u = model.users.get(`${name}.${String(user)}`);
        return u ? { _id: `${name}.${u.user}`, user: u.user, db: u.db, roles: structuredClone(u.roles), mechanisms: ["SCRAM-SHA-1", "SCRAM-SHA-256"] } : null;
      },
      createUser: (doc, ...rest) => {
        if (rest.length > 1) throw new MongoError(2, "BadValue", "createUser(user, writeConcern)");
        const d = checkFields(doc, CREATE_FIELDS, "createUser");
        if (typeof d.user !== "string" || d.user.length === 0) throw new MongoError(2, "BadValue", "User document needs 'user' field to be a string");
        if (!("roles" in d)) throw new MongoError(2, "BadValue", "\"createUser\" command requires a \"roles\" array");
        const key = `${name}.${d.user}`;
        if (model.users.has(key)) throw new MongoError(51003, "Location51003", `User "${d.user}@${name}" already exists`);
        model.calls.push(`createUser ${d.user}@${name}`);
        model.users.set(key, { user: d.user, db: name, pwd: checkPwd(d.pwd), roles: checkRoles(d.roles) });
        return undefined;
      },
      updateUser: (user, update, ...rest) => {
        if (rest.length > 1) throw new MongoError(2, "BadValue", "updateUser(user, update, writeConcern)");
        const d = checkFields(update, UPDATE_FIELDS, "updateUser");
        if (Object.keys(d).length === 0) throw new MongoError(2, "BadValue", "Must specify at least one field to update in updateUser");
        const u = model.users.get(`${name}.${String(user)}`);
        if (!u) throw new MongoError(11, "UserNotFound", `Could not find user "${String(user)}" for db "${name}"`);
        model.calls.push(`updateUser ${u.user}@${name}`);
        if ("pwd" in d) u.pwd = checkPwd(d.pwd);
        if ("roles" in d) u.roles = checkRoles(d.roles); // replaces the whole array
        return undefined;
      },
      dropUser: (user, ...rest) => {
        if (rest.length > 1) throw new MongoError(2, "BadValue", "dropUser(user, writeConcern)");
        model.calls.push(`dropUser ${String(user)}@${name}`);
        return model.users.delete(`${name}.${String(user)}`);
      },
      runCommand: (cmd) => model.command(name, cmd),
      adminCommand: (cmd) => model.command("admin", cmd),
    };
    return new Proxy(methods, {
      get(target, prop) {
        if (typeof prop === "string" && Object.hasOwn(target, prop)) return target[prop];
        throw new Error(`MongoModel: db.${String(prop)} is not modelled (the seat script must use only the documented user API)`);
      },
      set(_t, prop) {
        throw new Error(`MongoModel: assignment to db.${String(prop)}`);
      },
    });
  }

  private command(dbName: string, cmd: unknown): unknown {
    const c = cmd as Record<string, unknown>;
    const keys = Object.keys(c ?? {});
    if (keys[0] === "usersInfo" && keys.length === 1 && JSON.stringify(c.usersInfo) === '{"forAllDBs":true}') {
      if (dbName !== "admin") return { ok: 0, errmsg: "usersInfo with forAllDBs must run against the admin database", code: 2, codeName: "BadValue" };
      this.calls.push("usersInfo forAllDBs");
      const users = [...this.users.values()].map((u) => ({ _id: `${u.db}.${u.user}`, user: u.user, db: u.db, roles: structuredClone(u.roles), mechanisms: ["SCRAM-SHA-1", "SCRAM-SHA-256"] }));
      return { users, ok: 1 };
    }
    throw new Error(`MongoModel: command ${JSON.stringify(cmd)} is not modelled`);
  }
}

/**
 * Runs a script file the way `mongo --quiet admin file.js` does: global `db` is the admin database,
 * `print` writes a line; an uncaught exception makes the shell exit non-zero (thrown here).
 */
export function runShellScript(model: MongoModel, js: string, out: string[] = []): void {
  vm.runInNewContext(js, { db: model.shellDb("admin"), print: (...a: unknown[]) => out.push(a.join(" ")) }, { filename: "mongo-seats.js", timeout: 5_000 });
}
