import Foundation
import TestSupport
import Testing

/// The views in a real browser (headless Chromium over the DevTools
/// protocol): the served page annotates what a user types, the HTML view
/// runs none of the input's markup, and its screenshot is not blank.
/// `.ci/run` installs Chromium; where none is installed the suite is skipped
/// and says so.
@Suite(.enabled(if: HeadlessChromium.executable != nil,
                "headless Chromium is not installed (apt-get install chromium); the browser tests are skipped"))
struct BrowserTests {
    static let seedSentence = "中央第六巡视组组长王荣军主持召开会议。"

    @Test func theServedPageAnnotatesWhatIsTyped() throws {
        let server = try ServeProcess(["--no-default-rules", "--rules", ServeCommandTests.rules, "--jobs", "1"])
        let browser = try HeadlessChromium()
        try browser.open(server.base.absoluteString)
        _ = try browser.evaluate("document.getElementById('zm-input').focus()")
        try browser.insertText(Self.seedSentence)
        #expect(try browser.evaluate("document.getElementById('zm-input').value") as? String == Self.seedSentence)
        _ = try browser.evaluate("document.getElementById('zm-submit').click()")
        try browser.waitUntil("document.querySelectorAll('#zm-docs mark.zm-m').length > 0")
        let marks = try #require(try browser.evaluate("""
            Array.from(document.querySelectorAll('#zm-docs .zm-text mark.zm-m')).map(function (m) {
              return m.firstChild.textContent + '/' + m.getAttribute('data-l') + '/' + m.querySelector('.zm-l').textContent;
            })
            """) as? [String])
        #expect(marks.contains("中央第六巡视组/ORGAN/ORGAN"), "\(marks)")
        #expect(marks.contains("组长/TITLE/TITLE"), "\(marks)")
        #expect(marks.contains("王荣军/OFFICIAL/OFFICIAL"), "\(marks)")
        let legend = try #require(try browser.evaluate(
            "Array.from(document.querySelectorAll('#zm-legend button')).map(function (b) { return b.textContent; })") as? [String])
        #expect(legend.contains("OFFICIAL 1") && legend.contains("ORGAN 1"), "\(legend)")
        let posts = try browser.evaluate(
            "Array.from(document.querySelectorAll('#zm-docs table.zm-posts tr')).slice(1).map(function (r) { return r.innerText; })")
            as? [String]
        #expect(posts?.contains { $0.contains("王荣军") && $0.contains("中央第六巡视组组长") } == true, "\(posts ?? [])")
        // A click on a legend entry hides that label's marks.
        _ = try browser.evaluate("document.querySelector('#zm-legend button[data-l=\"OFFICIAL\"]').click()")
        #expect(try browser.evaluate("document.querySelector('mark.zm-m[data-l=\"OFFICIAL\"]').classList.contains('zm-off')") as? Bool == true)
        // The whole DOM, as --dump-dom would print it.
        let dom = try #require(try browser.evaluate("document.documentElement.outerHTML") as? String)
        #expect(dom.contains(#"<mark class="zm-m zm-off" data-l="OFFICIAL""#))
        #expect(dom.contains(#"<mark class="zm-m" data-l="ORGAN""#))
        #expect(server.stop() == 0)
    }

    @Test func theHTMLViewRunsNoInputAndRendersToANonBlankPicture() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hostile = try directory.write("hostile.txt", HTMLViewTests.hostile)
        let page = directory.path("view.html")
        let run = try ZhengmingExecutable.run(["annotate", "--format", "html", "--no-default-rules", "--rules", ServeCommandTests.rules,
                                               "-q", "-o", page] + ServeCommandTests.seeds + [hostile])
        #expect(run.status == 0, "\(run.stderr)")
        let browser = try HeadlessChromium()
        try browser.open(URL(fileURLWithPath: page).absoluteString)
        #expect(try browser.evaluate("typeof window.__pwned") as? String == "undefined")
        #expect(try browser.evaluate("document.querySelectorAll('section.zm-doc').length") as? Int == 3)
        #expect(try browser.evaluate("document.querySelectorAll('img').length") as? Int == 0)
        #expect(try browser.evaluate("document.querySelectorAll('#zm-legend button').length") as? Int ?? 0 >= 5)
        // The nested layer is hidden until the toggle is checked.
        #expect(try browser.evaluate("getComputedStyle(document.querySelector('.zm-nested')).display") as? String == "none")
        _ = try browser.evaluate("document.getElementById('zm-nested-toggle').click()")
        #expect(try browser.evaluate("getComputedStyle(document.querySelector('.zm-nested')).display") as? String == "block")
        _ = try browser.evaluate("document.getElementById('zm-nested-toggle').click()")

        let png = try browser.screenshot()
        try png.write(to: URL(fileURLWithPath: directory.path("view.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // Decoded by the browser itself: the picture has many colours (text
        // on white, the labels' colours), not one.
        let colours = try browser.evaluate("""
            new Promise(function (resolve) {
              var image = new Image();
              image.onload = function () {
                var canvas = document.createElement('canvas');
                canvas.width = image.width; canvas.height = image.height;
                var context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                var data = context.getImageData(0, 0, image.width, image.height).data, seen = {}, count = 0, ink = 0;
                for (var i = 0; i < data.length; i += 4 * 7) {
                  var key = data[i] + ',' + data[i + 1] + ',' + data[i + 2];
                  if (!seen[key]) { seen[key] = true; count += 1; }
                  if (data[i] + data[i + 1] + data[i + 2] < 600) { ink += 1; }
                }
                resolve([image.width, image.height, count, ink]);
              };
              image.src = 'data:image/png;base64,\(png.base64EncodedString())';
            })
            """) as? [Int]
        let measured = try #require(colours)
        #expect(measured[0] == 1200 && measured[1] > 900)
        #expect(measured[2] > 50, "distinct colours: \(measured)")
        #expect(measured[3] > 1000, "non-white samples: \(measured)")
    }
}
