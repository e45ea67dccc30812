/*
 * The page's style sheet, inline (the Content-Security-Policy allows
 * inline style and nothing else). Short values never wrap, so numbers,
 * phone numbers and codes stay whole; long values wrap inside a box of
 * bounded width; a wide table scrolls inside its own frame with the key
 * column kept in view; one column of controls on a narrow screen.
 */
#ifndef WEB_STYLE_H
#define WEB_STYLE_H

static const char html_style[] =
"*{box-sizing:border-box}"
"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
"body{margin:0;padding:1.25rem 1.5rem 2rem;color:#1f2328;background:#fff;"
"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
"\"DejaVu Sans\",sans-serif}"
"code,tbody th{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
"\"DejaVu Sans Mono\",monospace;font-size:.9em}"
"header{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 1rem;"
"margin:0 0 .75rem}"
"h1{font-size:1.4rem;margin:0}"
".where,.note,.n,nav,.label,.kp,.type,.es{color:#59636e}"
".where{margin:0}"
"#sync{margin:0 0 1rem;padding:.55rem .9rem;background:#f6f8fa;"
"border:1px solid #d8dee4;border-left:4px solid #0969da;border-radius:6px}"
"#sync.none{border-left-color:#8c959f}"
"#sync p{margin:.15rem 0}.kv{display:flex;gap:0 .75rem}"
"#sync .label{flex:0 0 12.5em;white-space:nowrap}"
".age{font-weight:600}"
".part,time{white-space:nowrap}"
".note{font-size:.85rem;max-width:46em}"
"form{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;"
"margin:0 0 .25rem}"
"label{white-space:nowrap}"
"input,button{font:inherit;padding:.2rem .45rem;border:1px solid #d0d7de;"
"border-radius:5px;background:#fff;color:inherit}"
"input[name=match],input[name=key]{width:13em}"
"input[type=number]{width:5.5em}"
"button{padding:.2rem 1rem;border-color:#0969da;background:#0969da;"
"color:#fff;cursor:pointer}"
"nav{display:flex;flex-wrap:wrap;gap:.25rem 1.1rem;margin:.6rem 0}"
"nav .off{color:#afb8c1}"
"a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}"
".rows{margin:1.1rem 0 1.4rem}"
"h2{font-size:1.1rem;margin:0 0 .35rem;overflow-wrap:anywhere}"
".n{font-size:.9rem;font-weight:400;margin-left:.5rem;white-space:nowrap}"
".scroll{overflow-x:auto;width:fit-content;max-width:100%;"
"border:1px solid #d8dee4;border-radius:6px}"
"table{border-collapse:separate;border-spacing:0;"
"font-variant-numeric:tabular-nums}"
"th,td{padding:.32rem .75rem;text-align:left;vertical-align:baseline;"
"white-space:nowrap;border-bottom:1px solid #eaeef2}"
"thead th{background:#f6f8fa;font-weight:600;border-bottom-color:#d8dee4}"
"tbody tr:last-child>*{border-bottom:0}"
"tbody th{font-weight:400;background:#fff}"
"tbody tr:nth-child(even)>*{background:#f9fafb}"
"tr>:first-child{position:sticky;left:0;box-shadow:inset -1px 0 #eaeef2}"
".num{text-align:right}"
".null{color:#8c959f;font-style:italic}"
".long div{white-space:pre-wrap;overflow-wrap:anywhere;min-width:12em;"
"max-width:32em}"
"th.long div{min-width:8em;max-width:20em}"
"@media (max-width:600px){"
"body{padding:.75rem .6rem 1.5rem;font-size:14px}"
".kv{display:block}#sync .label{display:block}"
"form{gap:.4rem .75rem}"
"label{flex:1 1 100%;display:grid;grid-template-columns:8.5em 1fr;"
"align-items:center}"
"label input{width:100%!important;min-width:0}"
".long div{min-width:10em;max-width:18em}"
"th.long div{max-width:11em}"
"th,td{padding:.3rem .55rem}}";

#endif
