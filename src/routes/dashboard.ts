// GET /admin: the dashboard, one page over the admin API. The page itself holds no data: it
// asks for the admin token (kept in the tab's sessionStorage only) and calls /v1/admin with it.
import type { Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";

const STYLE = `body{font:14px system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header,main{max-width:72rem;margin:0 auto;padding:1rem}header{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
h1{font-size:1.2rem;margin:0 1rem 0 0}input,select,button{font:inherit;padding:.3rem .5rem}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea}
tr[data-id]{cursor:pointer}tr[data-id]:hover{background:#eef3fd}.dead{color:#b3261e}.delivered{color:#1e7b34}
pre{background:#fff;padding:1rem;overflow:auto;border:1px solid #e3e6ea}#error{color:#b3261e}
#drafts{display:grid;grid-template-columns:1fr 1fr;gap:1rem}#drafts h2{font-size:1rem;margin:.5rem 0}`;

const SCRIPT = `const $=(s)=>document.querySelector(s);let cursor=null;
const token=()=>sessionStorage.getItem("closeBridgeAdminToken")||"";
async function api(path,init={}){const r=await fetch(path,{...init,headers:{authorization:"Bearer "+token()}});
const body=await r.json().catch(()=>({}));if(!r.ok)throw new Error(body.error?body.error.code+": "+body.error.message:r.status);return body}
function show(e){$("#error").textContent=e?String(e.message||e):""}
function cell(t){const td=document.createElement("td");td.textContent=t??"";return td}
async function load(more){show();if(!more){cursor=null;$("#rows").replaceChildren()}
const q=new URLSearchParams({limit:"50"});if($("#status").value)q.set("status",$("#status").value);
if($("#source").value)q.set("source",$("#source").value);if(cursor)q.set("cursor",cursor);
try{const page=await api("/v1/admin/submissions?"+q);for(const s of page.data){const tr=document.createElement("tr");tr.dataset.id=s.id;
tr.append(cell(s.id),cell(s.source),cell(s.status),cell(s.outcome),cell(String(s.attempts)),cell(s.received_at),cell(s.last_error&&s.last_error.code));
tr.children[2].className=s.status;tr.onclick=()=>detail(s.id);$("#rows").append(tr)}
cursor=page.next_cursor;$("#more").hidden=!cursor}catch(e){show(e)}}
async function preview(id,force){show();try{const r=await api("/v1/admin/submissions/"+id+"/replay?dry_run=1"+(force?"&force=1":""),{method:"POST"});
$("#old").textContent=JSON.stringify(r.old_draft,null,2);$("#new").textContent=JSON.stringify(r.new_draft,null,2);
$("#changes").textContent=(r.remapped?"Mapped anew with the current configuration. ":"Not mapped anew: "+r.reason+". ")+"Changed: "+(r.changes.join(", ")||"nothing")+
(r.findings.length?". Findings: "+r.findings.map((f)=>f.field+": "+f.problem).join("; "):"");$("#drafts").hidden=false}catch(e){show(e)}}
async function detail(id){show();$("#drafts").hidden=true;try{const s=await api("/v1/admin/submissions/"+id);$("#detail").textContent=JSON.stringify(s,null,2);
$("#preview").hidden=false;$("#preview").onclick=()=>preview(id,s.status==="delivered"||s.status==="skipped");$("#replay").hidden=false;$("#replay").onclick=async()=>{try{const force=s.status==="delivered"||s.status==="skipped";
if(force&&!confirm("Deliver this submission again?"))return;await api("/v1/admin/submissions/"+id+"/replay"+(force?"?force=1":""),{method:"POST"});load()}catch(e){show(e)}}}catch(e){show(e)}}
$("#token").value=token();$("#token").onchange=()=>sessionStorage.setItem("closeBridgeAdminToken",$("#token").value);
$("#filter").onclick=()=>load();$("#more").onclick=()=>load(true);
$("#replayDead").onclick=async()=>{if(!confirm("Replay every dead submission"+($("#source").value?" of "+$("#source").value:"")+"?"))return;
try{const q=new URLSearchParams({status:"dead"});if($("#source").value)q.set("source",$("#source").value);
const r=await api("/v1/admin/replay?"+q,{method:"POST"});show("Replayed "+r.replayed);load()}catch(e){show(e)}};
if(token())load();`;

function renderPage(nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>close-bridge</title><style nonce="${nonce}">${STYLE}</style></head><body>
<header><h1>close-bridge</h1>
<label>Admin token <input id="token" type="password" autocomplete="off"></label>
<select id="status"><option value="">any status</option><option>queued</option><option>delivering</option><option>retrying</option><option>delivered</option><option>skipped</option><option>dead</option></select>
<input id="source" placeholder="source"><button id="filter">Show</button><button id="replayDead">Replay dead</button></header>
<main><p id="error" role="alert"></p><table><thead><tr><th>id</th><th>source</th><th>status</th><th>outcome</th><th>attempts</th><th>received</th><th>last error</th></tr></thead>
<tbody id="rows"></tbody></table><p><button id="more" hidden>More</button></p>
<p><button id="preview" hidden>Preview replay</button> <button id="replay" hidden>Replay this submission</button></p>
<p id="changes"></p><div id="drafts" hidden><div><h2>Stored draft</h2><pre id="old"></pre></div><div><h2>Draft the replay would deliver</h2><pre id="new"></pre></div></div>
<pre id="detail"></pre></main>
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}

/** Registers `GET /admin`, with a strict Content-Security-Policy (only its own nonce'd code runs). */
export function registerDashboardRoute(app: Hono<AppEnv>) {
  app.get(
    "/admin",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: [NONCE],
        connectSrc: ["'self'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
    (c) => c.html(renderPage(c.get("secureHeadersNonce") ?? "")),
  );
}
