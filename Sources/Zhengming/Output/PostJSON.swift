/// The JSON of `Post` records, shared by the writers that carry them
/// (`annotate --format jsonl`, `export --format jsonl`, `posts --format jsonl`):
///
///     "posts": [{"official": {"start", "end", "text"},
///                "organ": {"start", "end", "text"} | null,
///                "title": {"start", "end", "text"},
///                "post": "辽宁省委书记", "status": "current",
///                "place": {"start", "end", "text"}?, "resolved": "辽宁省委"?,
///                "cue": {"start", "end", "text"}?, "rule": "post.title-before-name"}]
///
/// Offsets are code points of the document's text, like the spans'.
enum PostJSON {
    /// Appends `,"posts":[…]`.
    static func appendPosts(_ posts: [Post], codePoints: [UInt32], to out: inout [UInt8]) {
        JSONText.append(",\"posts\":[", to: &out)
        for (index, post) in posts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendPost(post, codePoints: codePoints, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// One record's object.
    static func appendPost(_ post: Post, codePoints: [UInt32], to out: inout [UInt8]) {
        func span(_ key: String, _ range: Range<Int>) {
            JSONText.append("\"\(key)\":", to: &out)
            JSONText.append("{\"start\":", to: &out)
            JSONText.appendInt(range.lowerBound, to: &out)
            JSONText.append(",\"end\":", to: &out)
            JSONText.appendInt(range.upperBound, to: &out)
            JSONText.append(",\"text\":", to: &out)
            JSONText.appendQuoted(codePoints: codePoints[range], to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "{"))
        span("official", post.official)
        out.append(UInt8(ascii: ","))
        if let organ = post.organ { span("organ", organ) } else { JSONText.append("\"organ\":null", to: &out) }
        out.append(UInt8(ascii: ","))
        span("title", post.title)
        JSONText.append(",\"post\":", to: &out)
        JSONText.appendQuoted(post.post, to: &out)
        JSONText.append(",\"status\":\"\(post.status.rawValue)\"", to: &out)
        if let place = post.place {
            out.append(UInt8(ascii: ","))
            span("place", place)
        }
        if let resolved = post.resolved {
            JSONText.append(",\"resolved\":", to: &out)
            JSONText.appendQuoted(resolved, to: &out)
        }
        if let cue = post.cue {
            out.append(UInt8(ascii: ","))
            span("cue", cue)
        }
        JSONText.append(",\"rule\":", to: &out)
        JSONText.appendQuoted(post.rule, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
