// Horizontal bar charts drawn as SVG in the page (no charting library, nothing from a CDN), each
// with its numbers in a table beside it for screen readers and for copying.

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const ROW = 26;
const LABEL = 270;
const WIDTH = 600;

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** items: [{label, count, suppressed}]; a suppressed count is drawn as hidden, never as zero. */
export function barChart(title, items, note) {
  const largest = Math.max(1, ...items.map((i) => (i.suppressed ? 0 : i.count || 0)));
  const height = Math.max(ROW, items.length * ROW) + 8;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, width: "100%", role: "img", "aria-label": title });
  items.forEach((item, index) => {
    const y = index * ROW + 4;
    chart.append(svg("text", { x: LABEL - 8, y: y + 16, "text-anchor": "end", class: "label" }, shorten(item.label)));
    const length = item.suppressed ? 0 : ((WIDTH - LABEL - 70) * (item.count || 0)) / largest;
    chart.append(svg("rect", { x: LABEL, y: y + 3, width: Math.max(length, 1), height: ROW - 8, class: "bar", rx: 2 }));
    chart.append(svg("text", { x: LABEL + length + 6, y: y + 16, class: "value" }, shown(item)));
  });
  return h("figure", { class: "card chart" },
    h("figcaption", {}, h("h2", {}, title), note ? h("p", { class: "hint" }, note) : null),
    items.length ? chart : h("p", { class: "none" }, "Không có số liệu"),
    h("details", {}, h("summary", {}, "Xem bảng số liệu"),
      h("table", {}, h("tbody", {}, items.map((i) => h("tr", {}, h("th", { scope: "row" }, i.label), h("td", {}, shown(i))))))));
}

function shown(item) {
  return item.suppressed ? "ẩn (số nhỏ)" : new Intl.NumberFormat("vi-VN").format(item.count || 0);
}

function shorten(text) {
  const label = String(text ?? "—");
  return label.length > 36 ? `${label.slice(0, 35)}…` : label;
}
