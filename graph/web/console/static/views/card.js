// One worker's card: every record the officer's agency may see, masked values marked as masked,
// refused ones said to be refused, and the sources that did not answer named.

import { graphql, masked, purpose, refusals } from "../api.js";
import { h, show, status } from "../dom.js";
import { reason, RULES } from "../compliance.js";
import { problem } from "../errors.js";
import { agency, code, date } from "../labels.js";
import { CARD_BY_NAME, CARD_BY_PASSPORT } from "../queries.js";
import { PAGE } from "./search.js";

const SECTIONS = [
  ["workPermits", "Giấy phép lao động", [
    ["permitNumber", "Số giấy phép"], ["issuer", "Cơ quan cấp", agency], ["issuanceType", "Hình thức cấp", code],
    ["status", "Tình trạng", code], ["jobPosition", "Vị trí công việc", code], ["workForm", "Hình thức làm việc", code],
    ["jobTitle", "Chức danh"], ["workLocation", "Địa điểm làm việc"], ["validFrom", "Từ ngày", date],
    ["validTo", "Đến ngày", date], ["employerTaxCode", "Mã số doanh nghiệp"],
    ["revocationDecision", "Quyết định thu hồi"], ["revocationDate", "Ngày thu hồi", date]]],
  ["visas", "Thị thực", [
    ["visaNumber", "Số thị thực"], ["symbol", "Ký hiệu"], ["entries", "Số lần nhập cảnh", code],
    ["validFrom", "Từ ngày", date], ["validUntil", "Đến ngày", date], ["sponsorTaxCode", "Đơn vị bảo lãnh (MST)"]]],
  ["residenceCards", "Thẻ tạm trú", [
    ["cardNumber", "Số thẻ"], ["symbol", "Ký hiệu"], ["validFrom", "Từ ngày", date], ["validTo", "Đến ngày", date],
    ["sponsorTaxCode", "Đơn vị bảo lãnh (MST)"]]],
  ["residenceDeclarations", "Khai báo tạm trú", [
    ["declarationNumber", "Số khai báo"], ["address", "Địa chỉ"], ["ward", "Phường/xã"], ["province", "Tỉnh/thành phố"],
    ["stayFrom", "Tạm trú từ", date], ["stayTo", "Tạm trú đến", date], ["receivingPolice", "Công an tiếp nhận"]]],
  ["healthCertificates", "Giấy chứng nhận sức khỏe", [
    ["certificateNumber", "Số giấy"], ["facility.name", "Cơ sở khám"], ["conclusionDate", "Ngày kết luận", date],
    ["conclusion", "Kết luận", code], ["healthGrade", "Phân loại sức khỏe"], ["foreignIssued", "Cấp ở nước ngoài", code]]],
  ["criminalRecordCertificates", "Phiếu lý lịch tư pháp", [
    ["certificateNumber", "Số phiếu"], ["form", "Loại phiếu", code], ["issuer", "Nơi cấp", agency],
    ["issueDate", "Ngày cấp", date], ["hasConviction", "Có án tích", code], ["convictionDetails", "Nội dung án tích"]]],
  ["socialInsurance", "Bảo hiểm xã hội", [
    ["insuranceNumber", "Số sổ BHXH"], ["employerTaxCode", "Đơn vị đóng (MST)"],
    ["monthsContributed", "Số tháng đã đóng"], ["status", "Tình trạng", code]]],
];

const EMPLOYER = [
  ["name", "Tên"], ["taxCode", "Mã số doanh nghiệp"], ["kind", "Loại hình", code], ["sector", "Lĩnh vực", code],
  ["inIndustrialZone", "Trong khu công nghiệp", code], ["status", "Tình trạng", code], ["address", "Địa chỉ"], ["ward", "Phường/xã"],
];

const IDENTITY = [
  ["fullName", "Họ tên (theo hộ chiếu)"], ["otherNames", "Cách viết khác", (v) => v.join("; ")], ["nativeName", "Tên bản ngữ"],
  ["nationality", "Quốc tịch"], ["gender", "Giới tính", (v) => ({ M: "Nam", F: "Nữ" })[v] || v],
  ["dateOfBirth", "Ngày sinh", date], ["passportNumber", "Số hộ chiếu hiện tại"],
  ["passports", "Các hộ chiếu", (v) => v.map((p) => p.number + (p.current ? " (hiện tại)" : "")).join("; ")],
];

export async function cardView(main, params) {
  const by = params.get("theo");
  const text = params.get("q") || "";
  show(main, h("p", {}, h("a", { href: `#/tim-kiem?${new URLSearchParams({ theo: by || "ten", q: text })}` }, "← Quay lại tra cứu")), status("Đang tải hồ sơ…"));
  const answer = by === "ho-chieu"
    ? await graphql(CARD_BY_PASSPORT, { passport: text })
    : await graphql(CARD_BY_NAME, { name: text, first: PAGE });
  let worker = null;
  let root = [];
  if (by === "ho-chieu") {
    worker = answer.data?.worker;
    root = ["worker"];
  } else {
    const nodes = answer.data?.workers?.nodes || [];
    const index = nodes.findIndex((node) => node.id === params.get("id"));
    worker = nodes[index];
    root = ["workers", "nodes", index];
  }
  const back = main.firstChild;
  if (!worker) {
    const refused = answer.errors?.find((e) => !e.path || e.path.length <= root.length);
    show(main, back, status(refused ? why(refused, by) : `Không tìm thấy người lao động “${text}” trong phạm vi bạn được xem.`, refused ? "error" : "info"));
    return;
  }
  const card = new Card(worker, refusals(answer.errors, root), masked(answer.extensions, root));
  show(main, back,
    h("h1", {}, worker.fullName || "Người lao động"),
    card.notices(answer.extensions?.sources),
    h("div", { class: "grid" },
      card.section("Nhân thân", "", IDENTITY, worker),
      card.single("employer", "Người sử dụng lao động", EMPLOYER),
      card.compliance(),
      SECTIONS.map(([facet, title, fields]) => card.records(facet, title, fields))));
}

function why(error, by) {
  const refusal = error.extensions?.code;
  if (refusal === "FORBIDDEN" && by === "ho-chieu") return "Cơ quan của bạn không được tra cứu theo số hộ chiếu: hãy tìm theo họ tên.";
  return `Không tra cứu được: ${problem(error)}.`;
}

class Card {
  constructor(worker, refused, maskedPaths) {
    this.worker = worker;
    this.refused = refused;
    this.masked = maskedPaths;
  }

  /** The refusal at `path` or above it (a whole list refused refuses each of its values). */
  refusal(path) {
    const parts = path.split(".");
    for (let i = parts.length; i > 0; i -= 1) {
      const found = this.refused.get(parts.slice(0, i).join("."));
      if (found) return found;
    }
    return null;
  }

  value(path, raw, format) {
    const refusal = this.refusal(path);
    if (refusal) return h("span", { class: "refused" }, problem(refusal));
    if (raw === null || raw === undefined || (Array.isArray(raw) && !raw.length)) return h("span", { class: "none" }, "—");
    const shown = format ? format(raw) : raw;
    if (this.masked.has(path)) return [String(shown), " ", h("span", { class: "masked", title: "Giá trị đã được che một phần theo quy định" }, "đã che")];
    return String(shown);
  }

  fields(prefix, fields, record) {
    return h("dl", {}, fields.map(([name, label, format]) => {
      const raw = name.split(".").reduce((v, k) => (v == null ? v : v[k]), record);
      return [h("dt", {}, label), h("dd", {}, this.value(prefix + name, raw, format))];
    }));
  }

  section(title, prefix, fields, record) {
    return h("section", { class: "card" }, h("h2", {}, title), this.fields(prefix, fields, record));
  }

  single(facet, title, fields) {
    const refusal = this.refusal(facet);
    const record = this.worker[facet];
    if (refusal || !record) return this.empty(title, refusal, "Không có thông tin");
    return this.section(title, `${facet}.`, fields, record);
  }

  records(facet, title, fields) {
    const refusal = this.refusal(facet);
    const list = this.worker[facet];
    if (refusal || !list?.length) return this.empty(title, refusal, "Không có hồ sơ");
    return h("section", { class: "card" }, h("h2", {}, title),
      list.map((record, index) => h("div", { class: "record" },
        list.length > 1 ? h("h3", {}, `Hồ sơ ${index + 1}`) : null,
        record.sourceAgency ? h("p", { class: "source" }, `Nguồn: ${agency(record.sourceAgency)}`) : null,
        this.fields(`${facet}.${index}.`, fields, record))));
  }

  empty(title, refusal, none) {
    const text = refusal ? problem(refusal) : none;
    return h("section", { class: "card" }, h("h2", {}, title), h("p", { class: refusal ? "refused" : "none" }, text));
  }

  compliance() {
    const refusal = this.refusal("compliance");
    const judged = this.worker.compliance;
    if (refusal || !judged) return this.empty("Tuân thủ quy định", refusal, "Chưa đánh giá");
    return h("section", { class: "card" }, h("h2", {}, "Tuân thủ quy định"),
      h("p", {}, "Kết luận ngày ", date(judged.at), ": ", h("strong", { class: `verdict ${judged.status}` }, code(judged.status))),
      h("ul", { class: "checks" }, (judged.checks || []).map((check) => h("li", {},
        h("span", { class: `verdict ${check.result}` }, code(check.result)), " ", RULES[check.rule] || check.rule,
        reason(check) ? h("span", { class: "hint" }, ` – ${reason(check)}`) : null))));
  }

  notices(sources) {
    const notes = [];
    const down = Object.entries(sources || {}).filter(([, state]) => state !== "OK");
    if (down.length) {
      notes.push(status(`Nguồn dữ liệu không trả lời: ${down.map(([name, state]) => `${agency(name)} (${problem(state)})`).join("; ")}. Các mục từ nguồn này để trống.`, "warning"));
    }
    if ([...this.refused.values()].includes("PURPOSE_REQUIRED") && !purpose()) {
      notes.push(status("Một số thông tin chỉ hiện khi đã nêu số hồ sơ / căn cứ: hãy nhập ở thanh phía trên.", "warning"));
    }
    return notes;
  }
}
