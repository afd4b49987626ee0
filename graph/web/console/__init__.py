"""The officers' console: a Vietnamese page for the daily work, at the server's root.

Static HTML, CSS and vanilla JavaScript modules (static/), served as files; the page asks for
everything it shows from /graphql and the download routes, as any other team's frontend would,
with the officer's session instead of a token (graph/web/sessions.py). Chosen over server-side
templates so that no server code renders data by another path than the public API, which then
stays the one place confidentiality is enforced; and no build step, no CDN: it works offline.
The Python here only signs officers in and out (oidc.py, demo_sign_in.py, account.py) and serves
the files with strict security headers (pages.py).
"""
