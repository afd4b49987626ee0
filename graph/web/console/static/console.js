// The console's entry: who is signed in, the header, and which view the address (#/…) names.

import { currentSession, loadSession, purpose, setPurpose, SignedOut, signOut } from "./api.js";
import { h, show, status } from "./dom.js";
import { agency } from "./labels.js";
import { cardView } from "./views/card.js";
import { dashboardView } from "./views/dashboard.js";
import { listsView } from "./views/lists.js";
import { searchView } from "./views/search.js";
import { signInView } from "./views/signin.js";
import { worklistView } from "./views/worklist.js";

const main = () => document.getElementById("noi-dung");

const VIEWS = {
  "tim-kiem": searchView,
  "ho-so": cardView,
  "danh-sach": listsView,
  "thong-ke": dashboardView,
  "doi-soat": worklistView,
};

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  return { name: path || "tim-kiem", params: new URLSearchParams(query || "") };
}

async function render() {
  const session = currentSession();
  if (!session?.signedIn) {
    signInView(main(), session?.signIn || {});
    return;
  }
  const { name, params } = route();
  const view = VIEWS[name] || searchView;
  for (const link of document.querySelectorAll("#menu a")) {
    const current = link.getAttribute("href") === `#/${name}` || (name === "ho-so" && link.getAttribute("href") === "#/tim-kiem");
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    await view(main(), params);
  } catch (error) {
    if (error instanceof SignedOut) {
      await loadSession();
      header();
      await render();
      return;
    }
    show(main(), status("Không kết nối được máy chủ hoặc trang gặp lỗi; hãy tải lại trang.", "error"));
    console.warn(error); // for whoever opens the developer tools
  }
}

function header() {
  const session = currentSession();
  const signedIn = Boolean(session?.signedIn);
  document.getElementById("menu").hidden = !signedIn;
  const officer = document.getElementById("officer");
  const bar = document.getElementById("purpose-bar");
  officer.hidden = bar.hidden = !signedIn;
  if (!signedIn) return;
  const viewer = session.viewer;
  const scope = viewer.ward || viewer.sector;
  show(
    officer,
    h("span", {}, `${agency(viewer.agency)}${scope ? ` – ${scope}` : ""} · ${viewer.sub}`),
    h("button", { type: "button", class: "link", onclick: async () => {
      const failed = await signOut();
      await loadSession();
      location.hash = "";
      header();
      await render();
      if (failed) main().prepend(status(failed, "error"));
    } }, "Đăng xuất"),
  );
  purposeBar(bar);
}

/** The case in hand: asked once, sent with every request until changed (docs: README). */
function purposeBar(bar) {
  const stated = purpose();
  if (stated) {
    show(bar,
      h("span", {}, "Hồ sơ / căn cứ đang xử lý: ", h("strong", {}, stated)),
      h("button", { type: "button", class: "link", onclick: () => { setPurpose(""); purposeBar(bar); } }, "Đổi hồ sơ"));
    return;
  }
  const input = h("input", { id: "purpose", name: "purpose", autocomplete: "off", placeholder: "ví dụ: HS-2026/114", maxlength: 200 });
  show(bar, h("form", { class: "inline", onsubmit: (event) => {
    event.preventDefault();
    setPurpose(input.value.trim());
    purposeBar(bar);
    render();
  } },
    h("label", { for: "purpose" }, "Số hồ sơ / căn cứ pháp lý của việc tra cứu"),
    input,
    h("button", { type: "submit" }, "Ghi nhận"),
    h("span", { class: "hint" }, "Một số thông tin chỉ hiện khi đã nêu hồ sơ.")));
}

window.addEventListener("hashchange", () => { render(); main().focus(); });
await loadSession();
header();
await render();
