// The dashboard's stylesheet, served inline under the page's nonce.

/** The dashboard's CSS. */
export const DASHBOARD_STYLE = `body{font:14px system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header,main{max-width:72rem;margin:0 auto;padding:1rem}header{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
h1{font-size:1.2rem;margin:0 1rem 0 0}input,select,button{font:inherit;padding:.3rem .5rem}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea}
tr[data-id]{cursor:pointer}tr[data-id]:hover{background:#eef3fd}.dead{color:#b3261e}.delivered{color:#1e7b34}
pre{background:#fff;padding:1rem;overflow:auto;border:1px solid #e3e6ea}#error{color:#b3261e}
h2{font-size:1rem;margin:1rem 0 .5rem}#incidents{list-style:none;padding:0;margin:0 0 1rem}
.incident{background:#fff;border:1px solid #e3e6ea;border-left:4px solid #b3261e;padding:.5rem .75rem;margin-bottom:.5rem}
.incident.resolved{border-left-color:#1e7b34;color:#5a6472}.incident p{margin:.25rem 0}.incident button{padding:0 .3rem}
#drafts{display:grid;grid-template-columns:1fr 1fr;gap:1rem}#drafts[hidden]{display:none}#drafts h2{font-size:1rem;margin:.5rem 0}`;
