// A month chosen with two labelled selects, tháng and năm, in place of <input type="month">, whose
// month names follow the browser's language (English in Debian's Chromium), not the officer's.

import { h } from "./dom.js";

const YEARS_BACK = 5;

/** A fieldset titled `legend`, with selects "Tháng" and "Năm" and a hidden input `name` holding
 * "yyyy-mm" (empty until both are chosen), so the month travels with the form's other fields.
 * `optional`: each select also offers "tất cả", for a filter. */
export function monthPicker(name, legend, value, { optional = false } = {}) {
  const [year, month] = /^\d{4}-\d{2}$/.test(value || "") ? value.split("-") : ["", ""];
  const now = Number(new Date().getFullYear());
  const years = [];
  for (let y = now + 1; y >= now - YEARS_BACK; y -= 1) years.push(String(y));
  if (year && !years.includes(year)) years.push(year);
  const any = (label) => (optional ? h("option", { value: "" }, label) : null);
  const monthSelect = h("select", { id: `${name}-thang` }, any("Mọi tháng"),
    Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0")).map((m) =>
      h("option", { value: m, selected: m === month }, `Tháng ${Number(m)}`)));
  const yearSelect = h("select", { id: `${name}-nam` }, any("Mọi năm"),
    years.map((y) => h("option", { value: y, selected: y === year }, y)));
  const hidden = h("input", { type: "hidden", name, value: value || "" });
  const sync = () => {
    hidden.value = monthSelect.value && yearSelect.value ? `${yearSelect.value}-${monthSelect.value}` : "";
  };
  monthSelect.addEventListener("change", sync);
  yearSelect.addEventListener("change", sync);
  sync();
  return h("fieldset", { class: "month" }, h("legend", {}, legend),
    h("label", { for: `${name}-thang` }, "Tháng"), monthSelect,
    h("label", { for: `${name}-nam` }, "Năm"), yearSelect, hidden);
}
