import type { EnforcementAspect, Support, TargetEnforcement } from "../intent/types";
import type { RenderInput } from "../model";

/**
 * Building blocks for `Target.enforces` (issue 10 item 14): each target states in its own
 * renderer what its generated files enforce; these helpers keep the wording of the shared parts
 * (the exam window above all) identical across targets, in Chinese and English.
 */
export function aspect(support: Support, zh: string, en: string): EnforcementAspect {
  return { support, zh, en };
}

const DAY_ZH: Record<string, string> = { Sunday: "周日", Monday: "周一", Tuesday: "周二", Wednesday: "周三", Thursday: "周四", Friday: "周五", Saturday: "周六" };

/**
 * The exam window as the generated files enforce it. `failClosed`: the target opens the lab
 * outside the window only when it knows the time; `alwaysOn`: the target has no safe time test,
 * so its files enforce at every hour (undo after the exam); `clockOnly`: the window is a plain clock
 * test (a wrong clock can open the lab), so it is only partial.
 */
export function windowAspect(input: RenderInput, how: "failClosed" | "alwaysOn" | "clockOnly", mechanism: { zh: string; en: string }): EnforcementAspect {
  const w = input.window;
  if (!w) return aspect("not-applicable", "全天生效（enforcement: always，不设时段）", "always on (enforcement: always, no window)");
  const daysZh = w.days.length ? w.days.map((d) => DAY_ZH[d] ?? d).join("、") : "每天";
  const daysEn = w.days.length ? w.days.join(", ") : "every day";
  if (how === "alwaysOn")
    return aspect("partial", `不按时段：全天生效（站点要求 ${daysZh} ${w.start}–${w.end}，${w.timezone}）；${mechanism.zh}`, `no window: always on (the site asks for ${daysEn} ${w.start}–${w.end}, ${w.timezone}); ${mechanism.en}`);
  if (how === "clockOnly")
    return aspect("partial", `${daysZh} ${w.start}–${w.end}（${w.timezone}）生效，其余时间放行；时钟未知时不保证生效：${mechanism.zh}`, `${daysEn} ${w.start}–${w.end} (${w.timezone}), open outside; not guaranteed with an unknown clock: ${mechanism.en}`);
  return aspect("enforced", `${daysZh} ${w.start}–${w.end}（${w.timezone}）生效，其余时间放行；时钟未知时保持生效（失败即关闭）：${mechanism.zh}`, `${daysEn} ${w.start}–${w.end} (${w.timezone}), open outside; with an unknown clock it stays enforced (fail closed): ${mechanism.en}`);
}

export function ipv6Aspect(input: RenderInput, rendersIpv6: boolean): EnforcementAspect {
  if (input.lan.ipv6 === "block") return aspect("enforced", "IPv6 全部拒绝（ipv6: block）", "all IPv6 refused (ipv6: block)");
  return rendersIpv6
    ? aspect("enforced", "IPv6 与 IPv4 同样按白名单过滤，链路本地与未声明前缀拒绝", "IPv6 filtered like IPv4; link-local and undeclared prefixes refused")
    : aspect("partial", "只生成 IPv4 规则：IPv6 被缺省拒绝（白名单的 IPv6 地址不可达）", "IPv4 rules only: IPv6 falls to the default deny (allowlisted IPv6 addresses are unreachable)");
}

export function enforcement(target: string, parts: Omit<TargetEnforcement, "target">): TargetEnforcement {
  return { target, ...parts };
}
