import type { Translate } from "./i18n";
import { esc, num } from "./svg";

/**
 * The small bar of the video section: required storage against the NVR's usable capacity, drawn
 * to the same scale (SVG, so it prints without "background graphics").
 */
export function storageBar(requiredTB: number, usableTB: number, t: Translate): string {
  const width = 420;
  const labelW = 120;
  const barW = width - labelW - 70;
  const max = Math.max(requiredTB, usableTB, 1e-9);
  const enough = usableTB >= requiredTB;
  const bar = (y: number, label: string, value: number, fill: string) =>
    `<text x="0" y="${y + 13}">${esc(label)}</text><rect x="${labelW}" y="${y}" width="${num((value / max) * barW)}" height="18" fill="${fill}"/><text x="${num(labelW + (value / max) * barW + 6)}" y="${y + 13}">${esc(`${value} TB`)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 ${width} 52" width="${width}" height="52" role="img" aria-label="${esc(`${t("required")} ${requiredTB} TB / ${t("usable", { raid: "" })} ${usableTB} TB`)}" font-size="12" fill="#263238">`,
    bar(2, t("required"), requiredTB, enough ? "#546e7a" : "#d32f2f"),
    bar(30, t("usable", { raid: "" }).replace(/[（(]\s*[)）]/, ""), usableTB, "#2e7d32"),
    "</svg>",
  ].join("");
}
