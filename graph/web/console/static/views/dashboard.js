// The dashboard: counts from `statistics` and `discrepancies`, and the month's deliveries, each as
// the officer's agency may count them (small counts hidden for whoever lacks full access).

import { graphql } from "../api.js";
import { barChart } from "../chart.js";
import { h, show, status } from "../dom.js";
import { problem } from "../errors.js";
import { code, FINDINGS as KINDS, month as monthLabel, SECTORS } from "../labels.js";
import { COUNT_BY, DELIVERIES, EXCHANGE_LIST, FINDINGS } from "../queries.js";
import { thisMonth } from "./lists.js";

const HORIZONS = [30, 60, 90];
const FINDING_PAGES = 5;
const FINDING_PAGE = 100;

function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
}

function inDays(days) {
  const day = new Date(`${today()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

export async function dashboardView(main) {
  const grid = h("div", { class: "grid charts", "aria-live": "polite" }, status("Đang tính số liệu…"));
  show(main, h("h1", {}, "Thống kê"), grid);
  const month = thisMonth();
  const [nationality, sector, expiring, findings, deliveries] = await Promise.all([
    graphql(COUNT_BY, { groupBy: ["NATIONALITY"], unit: "WORKERS" }),
    graphql(COUNT_BY, { groupBy: ["SECTOR"], unit: "WORKERS" }),
    Promise.all(HORIZONS.map((days) => graphql(COUNT_BY, {
      groupBy: ["PERMIT_STATUS"], unit: "WORKERS",
      filter: { permitStatus: ["VALID"], permitExpiringBefore: inDays(days) },
    }))),
    findingsByKind(),
    deliveriesOnTime(month),
  ]);
  show(grid,
    countChart("Người lao động theo quốc tịch", nationality, (v) => v),
    countChart("Người lao động theo lĩnh vực của người sử dụng lao động", sector, (v) => SECTORS[v] || v),
    expiringChart(expiring),
    findingsChart(findings),
    deliveryChart(month, deliveries));
}

function refusedChart(title, answer) {
  const error = answer.errors?.[0];
  return h("section", { class: "card" }, h("h2", {}, title),
    h("p", { class: "refused" }, error?.extensions?.code === "FORBIDDEN" ? "Cơ quan của bạn không được thống kê theo tiêu chí này." : `Không có số liệu: ${problem(error)}.`));
}

function countChart(title, answer, label) {
  const stats = answer.data?.statistics;
  if (!stats) return refusedChart(title, answer);
  const items = stats.cells
    .map((c) => ({ label: c.values[0] === null ? "Không rõ" : label(c.values[0]), count: c.count, suppressed: c.suppressed }))
    .sort((a, b) => (b.count || 0) - (a.count || 0));
  return barChart(title, items, note(stats));
}

function note(stats) {
  const parts = [`Tổng số: ${stats.totalSuppressed ? "ẩn (số nhỏ)" : stats.total}.`];
  if (stats.minCell > 1) parts.push(`Số dưới ${stats.minCell} được ẩn để không lộ cá nhân.`);
  if (stats.incomplete?.length) parts.push(`Thiếu nguồn: ${stats.incomplete.join(", ")}.`);
  return parts.join(" ");
}

function expiringChart(answers) {
  const title = "Giấy phép lao động sắp hết hạn";
  const refused = answers.find((a) => !a.data?.statistics);
  if (refused) return refusedChart(title, refused);
  const items = answers.map((a, i) => ({
    label: `Trong ${HORIZONS[i]} ngày tới`, count: a.data.statistics.total, suppressed: a.data.statistics.totalSuppressed,
  }));
  return barChart(title, items, "Số người lao động có giấy phép còn hiệu lực hết hạn trước mốc này.");
}

async function findingsByKind() {
  const counts = new Map();
  let after = null;
  let more = false;
  let unchecked = [];
  for (let page = 0; page < FINDING_PAGES; page += 1) {
    const answer = await graphql(FINDINGS, { first: FINDING_PAGE, after });
    const found = answer.data?.discrepancies;
    if (!found) return { answer };
    for (const node of found.nodes) {
      const key = `${node.kind}|${(node.since || "").slice(0, 7)}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    unchecked = found.unchecked;
    more = found.pageInfo.hasNextPage;
    after = found.pageInfo.endCursor;
    if (!more) break;
  }
  return { counts, more, unchecked };
}

function findingsChart({ answer, counts, more, unchecked }) {
  const title = "Phát hiện đối soát theo loại";
  if (answer) return refusedChart(title, answer);
  const byKind = new Map();
  const months = new Set();
  for (const [key, count] of counts) {
    const [kind, since] = key.split("|");
    byKind.set(kind, (byKind.get(kind) || 0) + count);
    months.add(since);
  }
  const items = [...byKind].map(([kind, count]) => ({ label: KINDS[kind] || kind, count })).sort((a, b) => b.count - a.count);
  const parts = [];
  if (more) parts.push(`Tính trên ${FINDING_PAGES * FINDING_PAGE} phát hiện đầu tiên.`);
  if (unchecked.length) parts.push(`Chưa kiểm tra được: ${unchecked.map((line) => KINDS[line.split(":")[0]] || line).join(", ")}.`);
  const chart = barChart(title, items, parts.join(" "));
  const sorted = [...months].filter(Boolean).sort();
  if (sorted.length) {
    chart.append(h("details", {}, h("summary", {}, "Theo tháng bắt đầu"),
      h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Loại"), sorted.map((m) => h("th", { scope: "col" }, monthLabel(m))))),
        h("tbody", {}, [...byKind.keys()].map((kind) => h("tr", {}, h("th", { scope: "row" }, KINDS[kind] || kind),
          sorted.map((m) => h("td", {}, counts.get(`${kind}|${m}`) || 0))))))));
  }
  return chart;
}

/** Each delivery of the month: sent on time (on or before its list's due date, in Hà Nội),
 * sent late, or its status; the due dates asked of `exchangeList`, one request per list. */
async function deliveriesOnTime(month) {
  const answer = await graphql(DELIVERIES, { month });
  const deliveries = answer.data?.deliveries;
  if (!deliveries) return { answer };
  const lists = [...new Set(deliveries.map((d) => d.list))];
  const due = new Map();
  await Promise.all(lists.map(async (list) => {
    const found = await graphql(EXCHANGE_LIST, { agency: list, month });
    due.set(list, found.data?.exchangeList?.dueDate);
  }));
  const counts = new Map();
  for (const d of deliveries) {
    const sent = d.attempts.find((a) => a.status === "SENT");
    let label = code(d.status);
    if (sent && due.get(d.list)) label = hanoiDay(sent.at) <= due.get(d.list) ? "Đúng hạn" : "Trễ hạn";
    else if (sent) label = "Đã gửi (không rõ hạn)";
    counts.set(label, (counts.get(label) || 0) + 1);
  }
  return { counts, total: deliveries.length };
}

function hanoiDay(instant) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(instant));
}

function deliveryChart(month, { answer, counts, total }) {
  const title = `Gửi danh sách tháng ${monthLabel(month)}`;
  if (answer) return refusedChart(title, answer);
  const items = [...counts].map(([label, count]) => ({ label, count }));
  return barChart(title, items, total ? "Các lượt gửi qua thư điện tử mà cơ quan bạn gửi hoặc nhận, so với hạn của từng danh sách." : "Chưa có lượt gửi nào trong tháng.");
}
