// The month's exchange lists (regulation 003): when each is due, whether it was delivered, and
// the file to download, each as the officer's agency may receive it.

import { graphql } from "../api.js";
import { h, show, status } from "../dom.js";
import { problem } from "../errors.js";
import { agency, code, date, month as monthLabel } from "../labels.js";
import { monthPicker } from "../month.js";
import { DELIVERIES, EXCHANGE_LIST, SENDERS } from "../queries.js";

const NOT_LISTED = {
  FORBIDDEN: "Cơ quan của bạn không nhận danh sách này.",
  BAD_USER_INPUT: "Không có lần gửi danh sách này trong tháng đã chọn (danh sách hằng quý chỉ gửi vào tháng cuối quý).",
};

export function thisMonth() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit" }).formatToParts(new Date());
  return `${parts.find((p) => p.type === "year").value}-${parts.find((p) => p.type === "month").value}`;
}

export async function listsView(main, params) {
  const month = /^\d{4}-\d{2}$/.test(params.get("thang") || "") ? params.get("thang") : thisMonth();
  const form = h("form", { class: "inline", onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/danh-sach?thang=${new FormData(event.target).get("thang")}`;
  } }, monthPicker("thang", "Tháng gửi", month), h("button", { type: "submit" }, "Xem"));
  const body = h("div", { "aria-live": "polite" }, status("Đang tải danh sách…"));
  show(main, h("h1", {}, `Danh sách trao đổi tháng ${monthLabel(month)}`), form, body);

  const [lists, deliveries] = await Promise.all([
    Promise.all(SENDERS.map((sender) => graphql(EXCHANGE_LIST, { agency: sender, month }))),
    graphql(DELIVERIES, { month }),
  ]);
  const sent = deliveries.data?.deliveries || [];
  const rows = SENDERS.map((sender, index) => {
    const answer = lists[index];
    const list = answer.data?.exchangeList;
    if (!list) {
      const refusal = answer.errors?.[0]?.extensions?.code;
      return h("tr", {},
        h("th", { scope: "row" }, agency(sender)),
        h("td", { colspan: 4, class: "none" }, NOT_LISTED[refusal] || problem(refusal)));
    }
    const mine = sent.filter((d) => d.list === sender || d.sender === sender);
    const base = `/exchange/${sender}/${month}`;
    return h("tr", {},
      h("th", { scope: "row" }, agency(sender), h("div", { class: "hint" }, `${list.title} (${list.article})`)),
      h("td", {}, date(list.dueDate), h("div", { class: "hint" }, `${code(list.period)}; từ ${date(list.windowStart)} đến ${date(list.windowEnd)}`)),
      h("td", {}, list.recipients.map(agency).join(", ")),
      h("td", {}, mine.length ? mine.map((d) => h("div", {}, `${agency(d.recipient)}: ${code(d.status)}`, lastAttempt(d))) : h("span", { class: "none" }, "Chưa có lượt gửi")),
      h("td", {},
        h("a", { href: `${base}.xlsx`, download: "" }, "Tải Excel"), " · ",
        h("a", { href: `${base}.csv`, download: "" }, "Tải CSV"),
        list.withheld?.length ? h("div", { class: "hint" }, `Cột không được xem: ${list.withheld.join(", ")}`) : null));
  });
  show(body, h("table", { class: "lists" },
    h("caption", {}, "Hạn gửi, tình trạng gửi qua thư điện tử và tệp để tải về, theo quyền của cơ quan bạn"),
    h("thead", {}, h("tr", {}, ["Cơ quan gửi", "Hạn gửi", "Nơi nhận", "Tình trạng gửi", "Tải về"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows)));
}

function lastAttempt(delivery) {
  const last = delivery.attempts?.[delivery.attempts.length - 1];
  if (!last) return null;
  return h("span", { class: "hint" }, ` (lần ${last.number}, ${date(last.at)}${last.error ? `: ${last.error}` : ""})`);
}
