const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:0 0 .5rem}
section{background:#fff;border-radius:.6rem;padding:.8rem 1rem;margin-bottom:.8rem;box-shadow:0 1px 2px #0001}
table{border-collapse:collapse;width:100%}
th{width:35%}
td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eee;vertical-align:top;font-size:.95rem}
.ok{color:#17803d}.bad{color:#b42318}.warn{color:#a15c07}.muted{color:#667085}
nav a,button,.button{display:inline-block;margin:.2rem .4rem .2rem 0;padding:.55rem .9rem;border-radius:.5rem;background:#1d4ed8;color:#fff;text-decoration:none;border:0;font-size:1rem}
nav a.secondary{background:#e4e7ec;color:#1d2330}
input{font-size:1.1rem;padding:.55rem;width:100%;box-sizing:border-box;margin:.4rem 0 .8rem;border:1px solid #ccd;border-radius:.4rem}
code{background:#eef;padding:0 .2rem;border-radius:.2rem;overflow-wrap:break-word}
ul.alerts,ul.lines{list-style:none;margin:0;padding:0}
ul.alerts li,ul.lines li{padding:.45rem 0;border-bottom:1px solid #eee;line-height:1.4}
ul.alerts li:last-child,ul.lines li:last-child{border-bottom:0}
table.svc{width:auto;min-width:min(100%,24rem)}table.svc td:first-child{padding-right:1.5rem}table.svc code{overflow-wrap:anywhere}
nav.range a{display:inline-block;margin:0 .3rem .5rem 0;padding:.35rem .8rem;border-radius:1rem;background:#e4e7ec;color:#1d2330;text-decoration:none}
nav.range a[aria-current]{background:#1d4ed8;color:#fff}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(20rem,100%),1fr));gap:.8rem}
figure{margin:0}
h2.host{font-size:1.2rem;margin:1.4rem 0 .3rem}div.host>p{margin:.2rem 0 .6rem;line-height:1.5}
figcaption{font-size:.9rem;margin-bottom:.2rem}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:10px;fill:#667085;font-family:inherit}
svg.chart .g{stroke:#e4e7ec;stroke-width:1}
svg.chart .l path{fill:none;stroke-width:1.6;stroke-linejoin:round;stroke-linecap:round}
.sw{display:inline-block;width:.7rem;height:.7rem;border-radius:.15rem;margin-right:.25rem;vertical-align:middle}
`;

/** A whole page: Indonesian, readable on a phone, no script (the CSP allows none inline). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}
