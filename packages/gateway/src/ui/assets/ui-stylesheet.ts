/** The UI's one stylesheet, served from `/ui/assets/ui.css` (no inline styles: strict CSP). */
export const uiStylesheet = `
:root { --fg: #1d2330; --muted: #5d6778; --line: #d9dee7; --bg: #f6f7f9; --accent: #2454d6; --bad: #b3261e; --good: #1c7c3c; --warn: #a15c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; align-items: center; gap: 20px; padding: 10px 20px; background: #111827; color: #fff; }
header.top a { color: #d6def0; text-decoration: none; }
header.top a.active, header.top a:hover { color: #fff; text-decoration: underline; }
header.top .brand { font-weight: 700; letter-spacing: .04em; color: #fff; }
header.top .spacer { flex: 1; }
header.top form { margin: 0; }
main { padding: 20px; max-width: 1280px; margin: 0 auto; }
h1 { font-size: 20px; margin: 0 0 14px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
.narrow { max-width: 380px; margin: 60px auto; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; color: var(--muted); }
tr.selected { outline: 2px solid var(--accent); outline-offset: -2px; background: #eef3ff; }
tr[data-href] { cursor: pointer; }
label { display: block; font-size: 12px; color: var(--muted); margin: 8px 0 2px; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=password], input[type=search], select, textarea { width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
textarea { min-height: 60px; }
button { padding: 6px 14px; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.approve { background: var(--good); border-color: var(--good); color: #fff; }
button.reject, button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
.filters { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; align-items: end; }
.row { display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap; }
.row > * { flex: 1; min-width: 220px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; border: 1px solid var(--line); background: #fff; }
.badge.pending { border-color: var(--warn); color: var(--warn); }
.badge.approved { border-color: var(--good); color: var(--good); }
.badge.rejected, .badge.open, .badge.critical, .badge.high { border-color: var(--bad); color: var(--bad); }
.flash { padding: 10px 14px; border-radius: 6px; margin-bottom: 14px; background: #eef3ff; border: 1px solid #c7d6ff; }
.flash.error { background: #fdeceb; border-color: #f3b9b5; }
pre.text { white-space: pre-wrap; word-break: break-word; background: #fbfbfc; border: 1px solid var(--line); padding: 12px; border-radius: 6px; max-height: 480px; overflow: auto; }
mark { background: #ffe08a; padding: 0 1px; border-bottom: 2px solid var(--warn); }
mark.critical, mark.high { background: #ffc9c4; border-bottom-color: var(--bad); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; }
.charts .card { min-height: 300px; }
.chart-box { position: relative; height: 240px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 16px; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.stat b { display: block; font-size: 22px; }
.kbd { font-family: ui-monospace, monospace; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; background: #fff; }
.hidden { display: none; }
.danger-zone { border-color: #f3b9b5; }
`;
