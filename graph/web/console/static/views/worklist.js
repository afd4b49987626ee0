// The findings work list: reconciliation findings by kind, agency, month and status, each with
// its case (assignee, notes) and the actions the contract names: giao việc, ghi chú, đã xử lý,
// chuyển Công an xử lý. Every action is a GraphQL mutation, audited by the server.

import { graphql } from "../api.js";
import { h, show, status } from "../dom.js";
import { problem } from "../errors.js";
import { summary } from "../findings.js";
import { agency, AGENCIES, date, FINDINGS as KINDS } from "../labels.js";
import { monthPicker } from "../month.js";
import { FINDING_ACTIONS, WORK_LIST } from "../queries.js";

const STATUSES = { OPEN: "Mới", ASSIGNED: "Đã giao", RESOLVED: "Đã xử lý", REFERRED_TO_POLICE: "Đã chuyển Công an" };
const ACTIONS = [
  ["assign", "Giao cho", "Tên cán bộ được giao", true],
  ["note", "Ghi chú", "Nội dung ghi chú", true],
  ["resolve", "Đánh dấu đã xử lý", "Ghi chú (không bắt buộc)", false],
  ["refer", "Chuyển Công an xử lý", "Ghi chú (không bắt buộc)", false],
];
const PAGE = 50;

export async function worklistView(main, params) {
  const chosen = { kind: params.get("loai") || "", status: params.getAll("tinh-trang"), month: params.get("thang") || "", source: params.get("co-quan") || "" };
  const kind = h("select", { id: "loai", name: "loai" }, h("option", { value: "" }, "Tất cả các loại"),
    Object.entries(KINDS).map(([value, label]) => h("option", { value, selected: value === chosen.kind }, label)));
  const source = h("select", { id: "co-quan", name: "co-quan" }, h("option", { value: "" }, "Mọi cơ quan"),
    Object.entries(AGENCIES).map(([value, label]) => h("option", { value, selected: value === chosen.source }, label)));
  const form = h("form", { class: "inline", onsubmit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(event.target)) if (value) query.append(key, value);
    location.hash = `#/doi-soat?${query}`;
  } },
    h("label", { for: "loai" }, "Loại"), kind,
    h("label", { for: "co-quan" }, "Cơ quan có hồ sơ"), source,
    monthPicker("thang", "Tháng phát sinh", chosen.month, { optional: true }),
    h("fieldset", {}, h("legend", {}, "Tình trạng"), Object.entries(STATUSES).map(([value, label]) =>
      h("label", { class: "choice" }, h("input", { type: "checkbox", name: "tinh-trang", value, checked: chosen.status.includes(value) }), label))),
    h("button", { type: "submit" }, "Lọc"));
  const body = h("div", { "aria-live": "polite" }, status("Đang tải danh sách phát hiện…"));
  show(main, h("h1", {}, "Phát hiện đối soát cần xử lý"), form, body);

  const answer = await graphql(WORK_LIST, {
    kind: chosen.kind ? [chosen.kind] : null,
    status: chosen.status.length ? chosen.status : null,
    from: chosen.month ? `${chosen.month}-01` : null,
    first: PAGE,
  });
  const found = answer.data?.discrepancies;
  if (!found) {
    const missing = !("data" in answer); // the document does not validate: the server predates the work list
    show(body, status(missing ? "Máy chủ này chưa có chức năng theo dõi xử lý phát hiện." : `Không tải được: ${problem(answer.errors?.[0])}.`, "error"));
    return;
  }
  const nodes = found.nodes.filter((n) =>
    (!chosen.month || (n.since || "").startsWith(chosen.month)) &&
    (!chosen.source || n.evidence?.some((e) => e.sourceAgency === chosen.source)));
  if (!nodes.length) {
    show(body, status("Không có phát hiện nào khớp bộ lọc trong phạm vi bạn được xem."));
    return;
  }
  show(body, h("table", { class: "worklist" },
    h("caption", {}, `${nodes.length} phát hiện${found.pageInfo.hasNextPage ? ` (trong ${PAGE} phát hiện đầu tiên)` : ""}`),
    h("thead", {}, h("tr", {}, ["Phát hiện", "Từ ngày", "Liên quan", "Xử lý", "Thao tác"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, nodes.map(row))));
}

function row(finding) {
  const caseCell = h("td", {});
  const actionsCell = h("td", {});
  const tr = h("tr", {},
    h("td", {}, h("strong", {}, KINDS[finding.kind] || finding.kind), h("div", { class: "hint" }, summary(finding) ?? "")),
    h("td", {}, date(finding.since)),
    h("td", {}, (finding.workers || []).filter(Boolean).map((w) => h("div", {}, w.fullName || "—")), finding.employer ? h("div", {}, finding.employer.name) : null,
      h("div", { class: "hint" }, [...new Set((finding.evidence || []).map((e) => agency(e.sourceAgency)))].join(", "))),
    caseCell, actionsCell);
  const render = (current) => {
    show(caseCell, caseView(current));
    show(actionsCell, ACTIONS.map(([name, label, placeholder, required]) => action(finding.id, name, label, placeholder, required, render)));
  };
  render(finding.case);
  return tr;
}

function caseView(current) {
  if (!current) return h("span", { class: "none" }, STATUSES.OPEN);
  return [
    h("strong", {}, STATUSES[current.status] || current.status),
    current.assignee ? h("div", {}, `Người xử lý: ${current.assignee}`) : null,
    current.updatedAt ? h("div", { class: "hint" }, `Cập nhật ${date(current.updatedAt)}${current.updatedBy ? ` bởi ${current.updatedBy}` : ""}`) : null,
    (current.notes || []).length ? h("ul", { class: "checks" }, current.notes.map((n) => h("li", {}, n.text, h("span", { class: "hint" }, ` – ${n.author}, ${date(n.at)}`)))) : null,
  ];
}

function action(id, name, label, placeholder, required, render) {
  const field = `${name}-${id}`;
  const input = h("input", { id: field, name: "text", placeholder, required, maxlength: 2000, autocomplete: "off" });
  const outcome = h("span", { role: "status" });
  return h("details", {}, h("summary", {}, label),
    h("form", { class: "inline", onsubmit: async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      const answer = await graphql(FINDING_ACTIONS[name], { id, text: text || null });
      const key = Object.keys(answer.data || {})[0];
      if (answer.data?.[key]) render(answer.data[key]);
      else show(outcome, refusal(answer.errors?.[0]));
    } }, h("label", { for: field, class: "hint" }, label), input, h("button", { type: "submit" }, "Lưu"), outcome));
}

function refusal(error) {
  const reason = error?.extensions?.code;
  if (reason === "NOT_FOUND") return "Không tìm thấy phát hiện này (có thể đã được khắc phục tại nguồn).";
  return `Không thực hiện được: ${problem(error)}.`;
}
