/// The frame of an HTML view: everything around the documents' sections
/// (`HTMLWriter`). One self-contained page: the stylesheet and the script
/// are inline, and nothing is loaded from the network, so a page can be
/// mailed, archived or opened offline.
///
/// The script (`HTMLAssets.script`) builds the legend from the page's marks
/// (counts per label; a click hides or shows a label), and toggles the
/// nested layer. `zhengming serve` uses the same header, styles and script
/// for its page, so both views look and behave alike.
public enum HTMLPage {
    /// Pages whose sections add up to more than this many bytes get a
    /// warning: browsers grow slow to lay out and search them.
    public static let sizeWarningBytes = 5_000_000

    /// `<!DOCTYPE html>` up to and including the opening of the documents'
    /// container. `labels` are the pack's, in its order; each gets a colour.
    /// `top` is markup put under the title (the served page's form).
    public static func header(title: String, labels: [String], top: String = "") -> [UInt8] {
        var out: [UInt8] = []
        HTMLText.raw("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n", to: &out)
        HTMLText.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", to: &out)
        HTMLText.append(title, to: &out)
        HTMLText.raw("</title>\n<style>\n", to: &out)
        HTMLText.raw(HTMLAssets.style, to: &out)
        HTMLText.raw(labelStyles(labels), to: &out)
        HTMLText.raw("</style>\n</head>\n<body>\n<header class=\"zm-bar-top\"><h1>", to: &out)
        HTMLText.append(title, to: &out)
        HTMLText.raw("</h1>\n", to: &out)
        HTMLText.raw(top, to: &out)
        HTMLText.raw(controls, to: &out)
        HTMLText.raw("</header>\n<main id=\"zm-docs\">\n", to: &out)
        return out
    }

    /// What a page says of itself at the end: how many documents and
    /// characters it shows, and a warning when it is large.
    public struct Summary: Sendable {
        public var documents: Int
        public var characters: Int
        public var mentions: Int
        /// The bytes of the sections.
        public var bytes: Int

        public init(documents: Int, characters: Int, mentions: Int, bytes: Int) {
            self.documents = documents
            self.characters = characters
            self.mentions = mentions
            self.bytes = bytes
        }

        public var isLarge: Bool { bytes > HTMLPage.sizeWarningBytes }

        /// The warning a large page carries (and `annotate` prints).
        public var warning: String? {
            guard isLarge else { return nil }
            let megabytes = (Double(bytes) / 1_000_000 * 10).rounded() / 10
            return "this page holds \(megabytes) MB of annotated text (\(documents) documents), more than a browser "
                + "shows comfortably (\(HTMLPage.sizeWarningBytes / 1_000_000) MB): use annotate --limit N for the first N "
                + "documents, or zhengming serve to look at documents one at a time"
        }
    }

    /// Closes the documents' container and the page; `script` is run after
    /// the view's own (the served page's form).
    public static func footer(_ summary: Summary?, script: String = "") -> [UInt8] {
        var out: [UInt8] = []
        HTMLText.raw("</main>\n<footer class=\"zm-foot\">", to: &out)
        if let summary {
            HTMLText.append("\(summary.documents) documents, \(summary.characters) characters, \(summary.mentions) mentions. ", to: &out)
        }
        HTMLText.append("Made by Zhengming.", to: &out)
        HTMLText.raw("</footer>\n", to: &out)
        if let warning = summary?.warning {
            HTMLText.raw("<p class=\"zm-warning\" role=\"alert\">", to: &out)
            HTMLText.append(warning, to: &out)
            HTMLText.raw("</p>\n", to: &out)
        }
        HTMLText.raw("<script>\n", to: &out)
        HTMLText.raw(HTMLAssets.script, to: &out)
        HTMLText.raw(script, to: &out)
        HTMLText.raw("</script>\n</body>\n</html>\n", to: &out)
        return out
    }

    /// The legend's place and the nested-layer toggle.
    static let controls = """
        <div class="zm-controls"><div id="zm-legend" class="zm-legend" aria-label="labels"></div>\
        <label class="zm-toggle"><input type="checkbox" id="zm-nested-toggle"> nested layer</label></div>

        """

    /// One colour per label: the default pack's labels get fixed, distinct
    /// colours; any other label a colour from its name.
    static func colour(_ label: String) -> String {
        if let fixed = fixedColours[label] { return fixed }
        var hash: UInt32 = 2166136261
        for byte in label.utf8 { hash = (hash ^ UInt32(byte)) &* 16777619 }
        return "hsl(\(hash % 360), 70%, 80%)"
    }

    static let fixedColours: [String: String] = [
        "OFFICIAL": "#f9c46b", "PERSON": "#f7e27c", "TITLE": "#a8d8f0", "ORGAN": "#b8e0a0",
        "SLOGAN": "#f3a6c8", "LOC": "#ffb38a", "DATE": "#d4c4f5", "EVENT": "#9fe3d3",
        "CONTACT": "#d9d9d9", "MEDIA": "#e8d0a9", "INSTITUTION": "#c6e5b3",
    ]

    static func labelStyles(_ labels: [String]) -> String {
        var css = ""
        for label in labels {
            // Labels are names from a pack (letters, digits, _ and -); quote
            // them anyway, as attribute selectors require.
            let quoted = label.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            css += "[data-l=\"\(quoted)\"]{--zm-c:\(colour(label))}\n"
        }
        return css
    }
}
