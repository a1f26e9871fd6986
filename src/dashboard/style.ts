// The console's stylesheet, served inline under the page's nonce. Colours meet WCAG AA contrast
// on their backgrounds; every status says its word, never its colour alone; the layout folds to
// one column at phone width.

/** The console's CSS. */
export const DASHBOARD_STYLE = `
:root{--ink:#0f172a;--ink-2:#334155;--muted:#52606d;--line:#dde3ea;--bg:#f4f6f9;--panel:#fff;
--accent:#1d4ed8;--accent-ink:#fff;--focus:#f59e0b;--good:#15803d;--bad:#b91c1c;--info:#1d4ed8;
--created:#15803d;--updated:#0e7490;--skipped:#64748b;--in_progress:#2563eb;--dead:#b91c1c;
--ignored:#a8a29e;--spam:#7c3aed;--refused:#c2410c;--radius:10px}
*{box-sizing:border-box}[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:4px}
h1{font-size:1.5rem;margin:.25rem 0 1rem;letter-spacing:-.01em;overflow-wrap:anywhere}h1:focus{outline:none}
h2{font-size:1.05rem;margin:0 0 .5rem}h3{font-size:.95rem;margin:1rem 0 .4rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;overflow-wrap:anywhere}
.muted{color:var(--muted)}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:.5rem;background:#fff;color:var(--ink);padding:.4rem .8rem;border-radius:6px}
.skip:focus{left:.5rem;z-index:10}
.topbar{display:flex;align-items:center;gap:1.25rem;flex-wrap:wrap;padding:.6rem max(1rem,calc((100vw - 76rem)/2));background:#0f172a;color:#fff}
.brand{color:#fff;font-weight:700;text-decoration:none;font-size:1.05rem;white-space:nowrap}
.brand-mark{display:inline-block;background:var(--accent);border-radius:6px;padding:0 .35rem;margin-right:.2rem}
.topbar nav ul{display:flex;gap:.25rem;list-style:none;margin:0;padding:0;flex-wrap:wrap}
.topbar nav a{color:#cbd5e1;text-decoration:none;padding:.35rem .7rem;border-radius:6px;display:block;white-space:nowrap}
.topbar nav a:hover{color:#fff;background:#1e293b}
.topbar nav a[aria-current=page]{color:#fff;background:#1e3a8a}
.topbar #sign-out{margin-left:auto;color:#e2e8f0;border-color:#475569;background:transparent}
main{max-width:76rem;margin:0 auto;padding:1rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin:0 0 1rem;min-width:0}
.panel.flush{padding:0}
button,.button{font:inherit;display:inline-flex;align-items:center;gap:.3rem;padding:.45rem .9rem;border-radius:8px;border:1px solid var(--accent);
background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;min-height:2.25rem}
button:hover,.button:hover{filter:brightness(1.1)}
button.quiet,.button.quiet{background:#fff;color:var(--accent);border-color:#b6c2d1}
button.danger{background:#fff;color:var(--bad);border-color:#e5a3a3}
button:disabled{opacity:.5;cursor:not-allowed}
input,select,textarea{font:inherit;color:var(--ink);background:#fff;border:1px solid #9aa8b8;border-radius:8px;padding:.4rem .55rem;min-height:2.25rem;max-width:100%}
textarea{width:100%;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
label{font-weight:600;font-size:.85rem;color:var(--ink-2)}
.row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.check{display:inline-flex;gap:.4rem;align-items:center;font-weight:500}
.check input{min-height:auto;width:1.1rem;height:1.1rem}
.message{background:#fef2f2;border:1px solid #fecaca;color:#7f1d1d;border-radius:8px;padding:.6rem .9rem}
.notice{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a;border-radius:8px;padding:.6rem .9rem}
.notice.bad{background:#fef2f2;border-color:#fecaca;color:#7f1d1d}
.sign-in{max-width:30rem;margin:3rem auto;background:#fff;border:1px solid var(--line);border-radius:var(--radius);padding:1.5rem}
.sign-in form{display:grid;gap:.4rem}.sign-in input{flex:1}
.toolbar{display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap;margin:0 0 1rem}
.toolbar p{margin:0}
.segmented{display:inline-flex;border:1px solid #9aa8b8;border-radius:8px;padding:2px;margin:0;background:#fff}
.segmented input{position:absolute;opacity:0;width:1px;height:1px}
.segmented label{padding:.3rem .8rem;border-radius:6px;cursor:pointer;font-weight:500;color:var(--ink-2)}
.segmented input:checked+label{background:var(--accent);color:#fff}
.segmented input:focus-visible+label{outline:3px solid var(--focus)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem;list-style:none;padding:0;margin:0 0 1rem}
.card>a,.card>div{display:flex;flex-direction:column;gap:.1rem;height:100%;padding:.8rem 1rem;background:#fff;border:1px solid var(--line);
border-radius:var(--radius);color:inherit;text-decoration:none;border-top:4px solid var(--skipped)}
.card>a:hover{border-color:#9aa8b8}
.card-label{font-size:.85rem;color:var(--muted);font-weight:600}
.card-value{font-size:1.9rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card-hint{font-size:.8rem;color:var(--muted)}
.tone-good>*{border-top-color:var(--good)!important}.tone-bad>*{border-top-color:var(--bad)!important}
.tone-info>*{border-top-color:var(--info)!important}.tone-muted>*{border-top-color:var(--ignored)!important}
.grid-2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1rem}
.grid-2>.panel{margin:0}.grid-2{margin-bottom:1rem}
.grid-2.wide-left{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
figure{margin:0}figcaption p{margin:0 0 .5rem;font-size:.85rem}
.chart svg{display:block;max-width:100%;height:auto;overflow:visible}
.chart .tick line{stroke:#e5e9ef}.chart text{font-size:11px;fill:#52606d}
.chart .hit{fill:transparent}.chart .bar:hover .hit{fill:#eef2f7}
.kind-created{fill:var(--created);background:var(--created)}.kind-updated{fill:var(--updated);background:var(--updated)}
.kind-skipped{fill:var(--skipped);background:var(--skipped)}.kind-in_progress{fill:var(--in_progress);background:var(--in_progress)}
.kind-dead{fill:var(--dead);background:var(--dead)}.kind-ignored{fill:var(--ignored);background:var(--ignored)}
.kind-spam{fill:var(--spam);background:var(--spam)}.kind-refused{fill:var(--refused);background:var(--refused)}
.delay-p95{fill:#93c5fd;background:#93c5fd}.delay-p50{fill:#1d4ed8;background:#1d4ed8}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .9rem;list-style:none;padding:0;margin:.6rem 0 0;font-size:.82rem;color:var(--ink-2)}
.legend li{display:inline-flex;align-items:center;gap:.3rem}
.swatch{display:inline-block;width:.75rem;height:.75rem;border-radius:3px}
details.numbers{margin-top:.4rem;font-size:.85rem}summary{cursor:pointer;color:var(--accent)}
.table-wrap{overflow-x:auto;max-width:100%}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#f8fafc}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.empty,p.empty,li.empty{color:var(--muted);font-style:italic}
caption{text-align:left;font-weight:600;padding:.4rem 0;color:var(--ink-2)}
table.log td{white-space:nowrap}table.log td.error-cell{white-space:normal;min-width:14rem}
table.log tbody tr:hover{background:#f8fafc}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.78rem;font-weight:600;background:#eef2f7;color:#334155;white-space:nowrap;border:1px solid transparent}
.status-delivered{background:#dcfce7;color:#14532d}.status-skipped{background:#f1f5f9;color:#334155}
.status-dead{background:#fee2e2;color:#7f1d1d}.status-retrying{background:#fef3c7;color:#78350f}
.status-queued,.status-delivering{background:#dbeafe;color:#1e3a8a}.status-mapped{background:#dcfce7;color:#14532d}
.status-created,.status-updated{background:#dcfce7;color:#14532d}.status-ignored,.status-spam{background:#f1f5f9;color:#334155}
.reasons{list-style:none;padding:0;margin:0}
.reasons li{display:grid;grid-template-columns:auto 1fr;gap:.1rem .75rem;padding:.55rem 0;border-bottom:1px solid var(--line)}
.reasons li:last-child{border-bottom:0}
.reason-code{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}
.reason-count{text-align:right;color:var(--ink-2)}.reason-example{grid-column:1/-1;font-size:.83rem;color:var(--muted);overflow-wrap:anywhere}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;align-items:end}
.field{display:flex;flex-direction:column;gap:.25rem;min-width:0}.field.wide{grid-column:span 2}
.field small{font-size:.78rem}.field.actions{flex-direction:row;gap:.5rem}
.pager{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:.5rem 0 2rem}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.5rem 1.25rem;margin:0 0 1rem}
.summary dt{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}.summary dd{margin:0;overflow-wrap:anywhere}
.actions-bar{display:flex;gap:.5rem;flex-wrap:wrap;margin:0 0 1rem}
.back{font-size:.9rem}
.timeline{list-style:none;margin:0;padding:0 0 0 1.1rem;border-left:3px solid var(--line)}
.timeline .event{position:relative;padding:0 0 1rem .6rem}
.timeline .event::before{content:"";position:absolute;left:-1.62rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#fff;border:3px solid var(--skipped)}
.event-created::before,.event-updated::before,.event-skipped::before{border-color:var(--good)!important;background:var(--good)!important}
.event-retry::before,.event-rate_limited::before{border-color:#d97706!important}
.event-dead::before{border-color:var(--bad)!important;background:var(--bad)!important}
.event-received::before,.event-replayed::before{border-color:var(--accent)!important}
.event p{margin:.15rem 0}.attempt-error{font-size:.88rem;overflow-wrap:anywhere}
.result{font-weight:600}.result-created,.result-updated,.result-skipped{color:var(--good)}.result-dead{color:var(--bad)}
.result-retry,.result-rate_limited{color:#92400e}
.pairs{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.35rem 1rem;margin:0}
.pairs dt{color:var(--muted);font-size:.85rem}.pairs dd{margin:0;overflow-wrap:anywhere}
ul.plain{list-style:none;margin:0;padding:0}
.note{white-space:pre-wrap;background:#f8fafc;border:1px solid var(--line);border-radius:6px;padding:.5rem .6rem;font-size:.88rem}
pre{background:#f8fafc;border:1px solid var(--line);border-radius:6px;padding:.6rem;overflow:auto;font-size:.8rem;max-height:24rem}
table.answers td.value{overflow-wrap:anywhere}
td.path{white-space:nowrap;overflow-wrap:normal}
.calls-of-attempt h3{margin:.75rem 0 .3rem;font-size:.9rem;color:var(--ink-2)}
.calls{list-style:none;margin:0;padding:0;border-top:1px solid var(--line)}
.calls li{padding:.4rem 0;border-bottom:1px solid var(--line)}
.call{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}.call .method{min-width:3.2rem;font-weight:600}
.call .path{flex:1;min-width:0;overflow-wrap:anywhere}
.ids{display:flex;flex-wrap:wrap;gap:.1rem .75rem;margin:.15rem 0 0 3.7rem;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}.ids a,.ids span{display:block}
.sources{display:grid;gap:.75rem;margin-bottom:1rem}
.sources .panel{margin:0}
.source{display:grid;grid-template-columns:minmax(9rem,13rem) minmax(0,1fr) auto;gap:.5rem 1.5rem;align-items:start}
.source header{display:flex;gap:.35rem;align-items:flex-start;flex-direction:column}.source h2{margin:0;font-size:1.1rem}
.source header .badges{display:flex;gap:.3rem;flex-wrap:wrap}
.source .source-actions{display:flex;flex-direction:column;gap:.4rem;align-items:stretch;margin:0}
.endpoint{display:flex;gap:.4rem;align-items:center}.endpoint input{flex:1;min-width:0;font-size:.8rem}
.try .row.wrap{align-items:end;margin-bottom:.75rem}.try .field{margin-bottom:.75rem}
.try .row.wrap .field{margin-bottom:0}.try .row.wrap .field.wide{flex:1;min-width:14rem}
.groups .group header{display:flex;justify-content:space-between;gap:1rem;align-items:baseline;flex-wrap:wrap}
.group-count{font-weight:600}.replay-report progress{width:100%;height:1rem;margin:.5rem 0 .25rem}
.refused{font-size:.85rem;color:var(--bad)}.problems{color:#7f1d1d}
@media (max-width:760px){
  main{padding:.75rem}.grid-2,.grid-2.wide-left{grid-template-columns:1fr}
  .field.wide{grid-column:auto}.source{grid-template-columns:minmax(0,1fr)}.source .source-actions{flex-direction:row}
  .pairs{grid-template-columns:minmax(0,max-content) minmax(0,1fr)}.try .row.wrap .field,.try select{width:100%}
  .topbar{gap:.5rem}.topbar nav{order:3;width:100%}.topbar nav ul{overflow-x:auto;flex-wrap:nowrap}
  h1{font-size:1.3rem}.card-value{font-size:1.5rem}.cards{grid-template-columns:repeat(2,minmax(0,1fr))}
  table.log thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.log,table.log tbody,table.log tr{display:block}
  table.log tr{display:grid;grid-template-columns:1fr auto;gap:.1rem .75rem;padding:.6rem .75rem;border-bottom:1px solid var(--line)}
  table.log td{display:block;border:0;padding:0;white-space:normal;text-align:left;min-width:0}
  table.log td.id-cell{grid-column:1/-1;order:-2;overflow-wrap:anywhere}
  table.log td.received-cell{order:-1;font-size:.85rem;color:var(--muted)}table.log td.status-cell{order:-1;text-align:right}
  table.log td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}
  table.log td.error-cell{grid-column:1/-1;min-width:0}table.log td.error-cell:empty{display:none}
}

.incidents{list-style:none;padding:0;margin:0}.incident{border-left:4px solid var(--bad);padding:.4rem .75rem;margin:.5rem 0}
.incident p{margin:.2rem 0;overflow-wrap:anywhere}.incident-title{font-weight:600}.incident.resolved{border-left-color:var(--good)}`;
