extension HTMLWriter {
    /// The record's person–post records (`Post`, issue 14) as a table:
    /// official, post as written, organ (and the full organ an elliptical
    /// one stands for), title, status, the rule that linked them.
    func appendPosts(_ record: Record, to out: inout [UInt8]) {
        guard !record.posts.isEmpty else { return }
        HTMLText.raw("<table class=\"zm-posts\"><caption>posts</caption><tr><th>official</th><th>post</th>"
                     + "<th>organ</th><th>title</th><th>status</th><th>rule</th></tr>\n", to: &out)
        func cell(_ text: String) {
            HTMLText.raw("<td>", to: &out)
            HTMLText.append(text, to: &out)
            HTMLText.raw("</td>", to: &out)
        }
        for post in record.posts {
            HTMLText.raw("<tr>", to: &out)
            cell(record.text(post.official))
            cell(post.post)
            var organ = post.organ.map { record.text($0) } ?? ""
            if let resolved = post.resolved, resolved != organ { organ += organ.isEmpty ? resolved : " → \(resolved)" }
            cell(organ)
            cell(record.text(post.title))
            cell(post.status.rawValue)
            cell(post.rule)
            HTMLText.raw("</tr>\n", to: &out)
        }
        HTMLText.raw("</table>\n", to: &out)
    }
}
