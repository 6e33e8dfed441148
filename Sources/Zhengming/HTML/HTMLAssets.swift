/// The stylesheet and the script of the HTML view, inline in every page.
///
/// Plain CSS and vanilla JavaScript (no library, nothing fetched). The
/// script only reads the page: it counts `mark.zm-m` per label into the
/// legend (`#zm-legend`), hides or shows a label's marks when its legend
/// entry is clicked, and shows the nested layer when `#zm-nested-toggle` is
/// checked. `window.zhengmingView.refresh()` rebuilds the legend after new
/// sections are inserted (the served page calls it).
public enum HTMLAssets {
    public static let style = """
        :root{--zm-c:#ddd;font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC",\
        "Microsoft YaHei",sans-serif}
        body{margin:0;background:#fafafa;color:#222;line-height:2.4}
        .zm-bar-top{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ddd;padding:.3em 1em;\
        line-height:1.6}
        .zm-bar-top h1{font-size:1.1em;margin:.2em 0}
        .zm-controls{display:flex;flex-wrap:wrap;gap:.5em;align-items:center}
        .zm-legend{display:flex;flex-wrap:wrap;gap:.3em}
        .zm-legend button{background:var(--zm-c);border:1px solid #bbb;border-radius:.3em;padding:.1em .5em;\
        cursor:pointer;font:inherit;font-size:.85em}
        .zm-legend button.zm-off{background:#eee;color:#999;text-decoration:line-through}
        .zm-toggle{font-size:.85em;margin-left:1em}
        main{padding:0 1em}
        .zm-doc{background:#fff;border:1px solid #e3e3e3;border-radius:.4em;margin:1em 0;padding:.2em 1em}
        .zm-doc h2{font-size:.95em;color:#555;margin:.3em 0;line-height:1.5;word-break:break-all}
        .zm-counts{font-size:.8em;color:#666;margin:0;line-height:1.8}
        .zm-count{background:var(--zm-c);border-radius:.3em;padding:0 .3em;margin-left:.3em}
        .zm-text{white-space:pre-wrap;font-size:1.05em}
        mark.zm-m{background:var(--zm-c);color:inherit;padding:.2em .35em;margin:0 .1em;border-radius:.35em;\
        box-decoration-break:clone;-webkit-box-decoration-break:clone}
        mark.zm-m .zm-l{font-size:.6em;font-weight:bold;vertical-align:middle;margin-left:.4em;color:#333;\
        text-transform:uppercase;user-select:none}
        mark.zm-m.zm-off{background:none;padding:0;margin:0}
        mark.zm-m.zm-off .zm-l{display:none}
        .zm-nested{display:none;white-space:pre-wrap;border-top:1px dashed #ccc;margin-top:.5em;padding-top:.5em;\
        line-height:1.4}
        body.zm-show-nested .zm-nested{display:block}
        .zm-piece{display:inline-block;position:relative;padding-bottom:calc(var(--zm-depth) * 1.1em + .2em);\
        vertical-align:top}
        .zm-bar{position:absolute;left:0;right:0;top:calc(1.45em + var(--zm-track) * 1.1em);height:1em;\
        background:var(--zm-c);border-left:1px solid #fff}
        .zm-bar b{position:absolute;left:.3em;top:0;font-size:.55em;line-height:1.8em;white-space:nowrap;color:#333}
        .zm-bar.zm-off{opacity:.15}
        table.zm-posts{border-collapse:collapse;font-size:.85em;line-height:1.5;margin:.6em 0}
        table.zm-posts th,table.zm-posts td{border:1px solid #ddd;padding:.15em .5em;text-align:left}
        table.zm-posts th{background:#f3f3f3}
        .zm-error{color:#a00}
        .zm-warning{position:fixed;bottom:0;left:0;right:0;margin:0;background:#fff3cd;border-top:1px solid #e0c36b;\
        padding:.4em 1em;line-height:1.5}
        .zm-form textarea{width:100%;box-sizing:border-box;font:inherit;line-height:1.6;padding:.4em}
        .zm-form button{font:inherit;padding:.1em 1em}
        .zm-hint{color:#999;font-size:.8em}
        .zm-foot{color:#888;font-size:.8em;padding:0 1em 3em}

        """

    public static let script = """
        (function () {
          "use strict";
          var hidden = {};
          function marks() { return document.querySelectorAll("mark.zm-m, .zm-bar"); }
          function apply() {
            marks().forEach(function (m) { m.classList.toggle("zm-off", !!hidden[m.getAttribute("data-l")]); });
          }
          function refresh() {
            var counts = {}, order = [];
            document.querySelectorAll("mark.zm-m").forEach(function (m) {
              var l = m.getAttribute("data-l");
              if (!(l in counts)) { counts[l] = 0; order.push(l); }
              counts[l] += 1;
            });
            var legend = document.getElementById("zm-legend");
            if (!legend) { return; }
            legend.textContent = "";
            order.forEach(function (l) {
              var b = document.createElement("button");
              b.type = "button";
              b.setAttribute("data-l", l);
              b.className = hidden[l] ? "zm-off" : "";
              b.title = "show or hide " + l;
              b.textContent = l + " " + counts[l];
              b.addEventListener("click", function () {
                hidden[l] = !hidden[l];
                b.classList.toggle("zm-off", hidden[l]);
                apply();
              });
              legend.appendChild(b);
            });
            apply();
          }
          var toggle = document.getElementById("zm-nested-toggle");
          if (toggle) {
            toggle.addEventListener("change", function () {
              document.body.classList.toggle("zm-show-nested", toggle.checked);
            });
          }
          window.zhengmingView = { refresh: refresh };
          refresh();
        })();

        """
}
