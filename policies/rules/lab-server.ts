import type { RawFinding, Rule, RulePack } from "../../src/compliance/rule";
import { fail } from "../../src/compliance/helpers";
import { labServerLoad } from "../../src/databases/sizing";

/**
 * Lab servers vs the database containers placed on them (src/databases: MySQL, MongoDB, Redis
 * per seat, §3.3). Memory limits are hard (a container beyond them is killed): error. CPU limits
 * may be overcommitted up to databases.cpuOvercommit: beyond that, a warning.
 */
const capacity: Rule = {
  id: "LAB-SERVER-CAPACITY",
  level: "min",
  section: "§3.3",
  levels: ["intermediate", "advanced"],
  title: { zh: "实验服务器容量满足数据库容器", en: "Lab server capacity for the database containers" },
  explanation: { zh: "中高级考场的 MySQL、MongoDB、Redis 容器运行在实验服务器上，其内存上限之和（加上系统预留）不得超过服务器内存，CPU 不得超过允许的超配。", en: "The MySQL, MongoDB and Redis containers of intermediate/advanced rooms run on lab servers: their memory limits plus the host reserve must fit the server's memory, and CPUs the allowed overcommit." },
  fix: { zh: "增加实验服务器或其内存/CPU（labServers），或改用共享数据库（databases.mode: shared）", en: "add lab servers or memory/CPUs (labServers), or use shared databases (databases.mode: shared)" },
  checks: { zh: "每台实验服务器：容器内存上限之和 + 预留 ≤ memoryGB；容器 CPU 之和 ≤ cpus × 超配系数", en: "per lab server: sum of container memory limits + reserve ≤ memoryGB; container CPUs ≤ cpus × overcommit" },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const s of labServerLoad(ctx.site)) {
      const target = `labServers/${s.labServer}`;
      const data = { ...s };
      if (!s.fits.memory)
        out.push(fail(target, `实验服务器 ${s.labServer} 上 ${s.containers.count} 个数据库容器的内存上限共 ${s.containers.memoryMB} MB，加上预留 ${s.reserveMB} MB，超过其内存 ${s.declared.memoryMB} MB`, `lab server ${s.labServer}: ${s.containers.count} database containers are limited to ${s.containers.memoryMB} MB in total, plus ${s.reserveMB} MB reserve, more than its ${s.declared.memoryMB} MB`, data));
      if (!s.fits.cpu)
        out.push(fail(target, `实验服务器 ${s.labServer} 上数据库容器共需 ${s.containers.cpus} 个 CPU，超过 ${s.declared.cpus} × ${s.cpuOvercommit}`, `lab server ${s.labServer}: the database containers need ${s.containers.cpus} CPUs, more than ${s.declared.cpus} × ${s.cpuOvercommit} overcommit`, data, "warning"));
    }
    return out;
  },
};

export const labServerPack: RulePack = { name: "lab-server", rules: [capacity] };
