import Zhengming

/// `GET /`: the HTML view of `annotate --format html` (same styles, legend
/// and nested toggle) with a text area on top. The script posts the text to
/// `/annotate?format=html` and puts the sections the server renders
/// (`HTMLWriter`, escaped there) into the page, so the browser draws exactly
/// what `annotate --format html` writes. Vanilla JavaScript, served by the
/// binary; nothing comes from the network.
enum ServedPage {
    static func render(labels: [String]) -> [UInt8] {
        HTMLPage.header(title: "Zhengming", labels: labels, top: form)
            + HTMLPage.footer(nil, script: script)
    }

    static let form = """
        <form id="zm-form" class="zm-form"><textarea id="zm-input" name="text" rows="5" \
        placeholder="粘贴或输入中文文本 · paste or type Chinese text" autofocus></textarea>
        <div><button type="submit" id="zm-submit">Annotate</button> <span id="zm-status" role="status"></span> \
        <span class="zm-hint">Ctrl+Enter · POST /annotate · GET /rules</span></div></form>

        """

    static let script = """
        (function () {
          "use strict";
          var form = document.getElementById("zm-form");
          var input = document.getElementById("zm-input");
          var status = document.getElementById("zm-status");
          var docs = document.getElementById("zm-docs");
          function annotate() {
            status.textContent = "annotating…";
            var started = Date.now();
            fetch("/annotate?format=html", {
              method: "POST",
              headers: { "Content-Type": "text/plain; charset=utf-8" },
              body: input.value
            }).then(function (response) {
              return response.text().then(function (text) { return { ok: response.ok, text: text }; });
            }).then(function (answer) {
              if (!answer.ok) {
                var message = answer.text;
                try { message = JSON.parse(answer.text).error; } catch (e) {}
                status.textContent = "error: " + message;
                return;
              }
              docs.innerHTML = answer.text;
              window.zhengmingView.refresh();
              status.textContent = document.querySelectorAll("mark.zm-m").length + " mentions in "
                + (Date.now() - started) + " ms";
            }).catch(function (error) { status.textContent = "error: " + error; });
          }
          form.addEventListener("submit", function (event) { event.preventDefault(); annotate(); });
          input.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); annotate(); }
          });
        })();

        """
}
