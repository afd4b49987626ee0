// Finding a worker: by passport (any spelling: the server normalises it) or by name (any
// spelling, order, case or diacritics).

import { graphql } from "../api.js";
import { h, show, status } from "../dom.js";
import { problem } from "../errors.js";
import { code, date } from "../labels.js";
import { SEARCH_BY_NAME } from "../queries.js";

export const PAGE = 20;

export async function searchView(main, params) {
  const by = params.get("theo") || "ten";
  const text = params.get("q") || "";
  const input = h("input", { id: "q", name: "q", value: text, required: true, autocomplete: "off", maxlength: 100 });
  const choice = (value, label) => h("label", { class: "choice" },
    h("input", { type: "radio", name: "theo", value, checked: by === value }), label);
  const form = h("form", { class: "search", role: "search", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const query = new URLSearchParams({ theo: data.get("theo"), q: data.get("q").trim() });
    location.hash = data.get("theo") === "ho-chieu" ? `#/ho-so?${query}` : `#/tim-kiem?${query}`;
  } },
    h("h1", {}, "Tra cứu người lao động nước ngoài"),
    h("fieldset", {}, h("legend", {}, "Tìm theo"), choice("ten", "Họ tên"), choice("ho-chieu", "Số hộ chiếu")),
    h("div", { class: "field" },
      h("label", { for: "q" }, "Họ tên hoặc số hộ chiếu (viết thế nào cũng được)"), input),
    h("button", { type: "submit" }, "Tìm"));
  const results = h("div", { id: "ket-qua", "aria-live": "polite" });
  show(main, form, results);
  if (!text || by !== "ten") return;
  show(results, status("Đang tìm…"));
  const answer = await graphql(SEARCH_BY_NAME, { name: text, first: PAGE });
  const found = answer.data?.workers;
  if (!found) {
    show(results, status(`Không tìm được: ${problem(answer.errors?.[0])}.`, "error"));
    return;
  }
  if (!found.nodes.length) {
    show(results, status(`Không có người lao động nào tên “${text}” trong phạm vi bạn được xem.`));
    return;
  }
  show(results,
    h("table", {},
      h("caption", {}, `Kết quả cho “${text}”`, found.pageInfo.hasNextPage ? ` (${PAGE} người đầu tiên; hãy nhập cụ thể hơn)` : ""),
      h("thead", {}, h("tr", {}, ["Họ tên", "Quốc tịch", "Ngày sinh", "Số hộ chiếu", "Nơi làm việc"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, found.nodes.map((worker, index) => h("tr", {},
        h("td", {}, h("a", { href: `#/ho-so?${new URLSearchParams({ theo: "ten", q: text, id: worker.id })}` }, worker.fullName || `Người thứ ${index + 1}`)),
        h("td", {}, worker.nationality ?? "—"),
        h("td", {}, date(worker.dateOfBirth) ?? "—"),
        h("td", {}, worker.passportNumber ?? "—"),
        h("td", {}, code(worker.employer?.name) ?? "—"))))));
}
