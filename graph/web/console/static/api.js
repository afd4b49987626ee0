// The console's one way to the server: /graphql with the session's CSRF token, and the purpose
// (số hồ sơ / căn cứ) of the case in hand, percent-encoded so that Vietnamese travels in a header.

let session = null;
const PURPOSE = "lienthong.purpose";

export class SignedOut extends Error {}

export async function loadSession() {
  const response = await fetch("/console/session", { credentials: "same-origin", cache: "no-store" });
  session = await response.json();
  return session;
}

export function currentSession() {
  return session;
}

export function purpose() {
  return sessionStorage.getItem(PURPOSE) || "";
}

export function setPurpose(text) {
  if (text) sessionStorage.setItem(PURPOSE, text);
  else sessionStorage.removeItem(PURPOSE);
}

/** The answer's {data, errors, extensions}; SignedOut when the session has ended. */
export async function graphql(query, variables = {}) {
  const headers = {
    "Content-Type": "application/json",
    Accept: "application/json",
    "X-CSRF-Token": session?.csrf || "",
  };
  if (purpose()) headers["X-Purpose"] = encodeURIComponent(purpose());
  const response = await fetch("/graphql", {
    method: "POST", headers, credentials: "same-origin", body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) throw new SignedOut();
  const body = await response.json();
  if (body.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED")) throw new SignedOut();
  return body;
}

/** Null once the server has ended the session; else what it says went wrong (in Vietnamese). */
export async function signOut() {
  const response = await fetch("/console/sign-out", {
    method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": session?.csrf || "" },
  });
  sessionStorage.removeItem(PURPOSE);
  if (response.ok) return null;
  const body = await response.json().catch(() => ({}));
  return body.error || "Máy chủ chưa kết thúc được phiên đăng nhập; hãy báo quản trị hệ thống.";
}

/** The codes of an answer's errors by path ("worker.visas.0.symbol" → "FORBIDDEN"), below `root`. */
export function refusals(errors, root) {
  const found = new Map();
  for (const error of errors || []) {
    const path = (error.path || []).map(String);
    const prefix = root.map(String);
    if (path.length < prefix.length || prefix.some((p, i) => p !== path[i])) continue;
    found.set(path.slice(prefix.length).join("."), error.extensions?.code || "ERROR");
  }
  return found;
}

/** The paths, below `root`, of the values the answer says are masked. */
export function masked(extensions, root) {
  const prefix = root.map(String);
  return new Set(
    (extensions?.masked || [])
      .map((path) => path.map(String))
      .filter((path) => prefix.every((p, i) => p === path[i]))
      .map((path) => path.slice(prefix.length).join(".")),
  );
}
