// Signing in: with the city's identity provider, or, in the demo only, by picking an agency.

import { h, show, status } from "../dom.js";
import { agency, SECTORS } from "../labels.js";

const SCOPE_LABEL = { ward: "Phường/xã", sector: "Lĩnh vực" };

export function signInView(main, ways) {
  const parts = [h("h1", {}, "Đăng nhập")];
  if (ways.oidc) {
    parts.push(
      h("p", {}, "Đăng nhập bằng tài khoản cán bộ do thành phố cấp."),
      h("p", {}, h("a", { class: "button", href: "/console/sign-in/oidc" }, "Đăng nhập bằng tài khoản thành phố")),
    );
  }
  if (ways.demo) parts.push(demoPicker(ways.demo));
  if (!ways.oidc && !ways.demo) {
    parts.push(status("Máy chủ chưa cấu hình cách đăng nhập (console.oidc_discovery_url). Hãy liên hệ quản trị hệ thống.", "error"));
  }
  show(main, h("section", { class: "narrow" }, parts));
}

function demoPicker(agencies) {
  const scopeBox = h("div", { class: "field" });
  const role = h("select", { id: "role", name: "role" });
  const picker = h("select", { id: "agency", name: "agency", required: true, onchange: () => changed() },
    agencies.map((a) => h("option", { value: a.agency }, `${agency(a.agency)} (${a.agency})`)));

  function changed() {
    const chosen = agencies.find((a) => a.agency === picker.value);
    show(role, chosen.roles.map((r) => h("option", { value: r, selected: r === "officer" }, r === "officer" ? "Cán bộ" : r === "supervisor" ? "Lãnh đạo" : r)));
    if (chosen.scope === "city") {
      show(scopeBox);
      return;
    }
    const label = SCOPE_LABEL[chosen.scope];
    show(scopeBox,
      h("label", { for: "scope" }, label),
      h("select", { id: "scope", name: chosen.scope, required: true },
        chosen.values.map((v) => h("option", { value: v }, SECTORS[v] ? `${SECTORS[v]} (${v})` : v))));
  }

  const form = h("form", { method: "post", action: "/console/sign-in/demo", class: "card" },
    h("h2", {}, "Bản trình diễn: chọn cơ quan"),
    h("p", { class: "hint" }, "Bản trình diễn không có hệ thống xác thực: chọn cơ quan để xem như một cán bộ của cơ quan đó."),
    h("div", { class: "field" }, h("label", { for: "agency" }, "Cơ quan"), picker),
    h("div", { class: "field" }, h("label", { for: "role" }, "Vai trò"), role),
    scopeBox,
    h("button", { type: "submit" }, "Đăng nhập"));
  changed();
  return form;
}
