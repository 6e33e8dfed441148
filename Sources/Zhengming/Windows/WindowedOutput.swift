/// Writing a document annotated in windows (`WindowedAnnotator`), in
/// pieces, with the bytes the writer would give for the whole document.
///
/// CoNLL is a sentence after another, so each window's record (its
/// sentences, tokens and spans, in document offsets) is written as it is
/// rendered. A JSONL record groups its fields (`spans`, then `posts`, then
/// `nested`, then `tokens`): each field is a pass over the windows, a few
/// windows at a time, rendered in parallel and written in order, so the
/// output is never held whole (it runs to several times the input).
extension WindowedAnnotator {
    /// Whether `write` can write for `writer`: CoNLL, and JSONL as `annotate`
    /// writes it.
    public static func supports(_ writer: some RecordWriter) -> Bool {
        if writer is CoNLLWriter { return true }
        if let jsonl = writer as? JSONLWriter { return jsonl.profile == .annotate && !jsonl.includeVotes }
        return false
    }

    /// Writes `annotated` as `writer` would write its whole record, through `emit`.
    func write(_ annotated: Annotated, writer: some RecordWriter, granularity: Granularity,
               emit: ([UInt8]) throws -> Void) rethrows {
        if let jsonl = writer as? JSONLWriter {
            try writeJSONL(annotated, writer: jsonl, granularity: granularity, emit: emit)
        } else {
            try writeRecords(annotated, writer: writer, granularity: granularity, emit: emit)
        }
    }

    /// Windows at a time in a pass of pass 4: enough for every worker.
    private var batch: Int { 2 * annotators.count }

    /// Runs `body` over the windows a batch at a time, in parallel, and
    /// emits its bytes in window order; with `commas`, the pieces are parts
    /// of one JSON list, and a comma goes between two non-empty ones.
    private func eachWindow(_ annotated: Annotated, commas: Bool = false, emit: ([UInt8]) throws -> Void,
                            _ body: (Annotator, Int, inout [UInt8]) -> Void) rethrows {
        var first = 0
        var wrote = false
        while first < annotated.windows.count {
            let count = min(batch, annotated.windows.count - first)
            let pieces = parallel(count) { annotator, offset -> [UInt8] in
                var bytes: [UInt8] = commas ? [UInt8(ascii: ",")] : []
                body(annotator, first + offset, &bytes)
                return bytes
            }
            for piece in pieces where piece.count > (commas ? 1 : 0) {
                try emit(commas && !wrote ? Array(piece.dropFirst()) : piece)
                wrote = true
            }
            first += count
        }
    }

    private func record(_ annotated: Annotated, sentences: [Range<Int>] = [], tokens: [Token] = [],
                        spans: [Mention] = [], relations: [Relation] = []) -> Record {
        Record(document: annotated.document, text: annotated.document.text, codePoints: annotated.codePoints,
               sentences: sentences, tokens: tokens, spans: spans, relations: relations,
               postsLinked: rules.postLinker != nil)
    }

    private func writeRecords(_ annotated: Annotated, writer: some RecordWriter, granularity: Granularity,
                              emit: ([UInt8]) throws -> Void) rethrows {
        var head: [UInt8] = []
        writer.beginDocument(record(annotated), to: &head)
        if !head.isEmpty { try emit(head) }
        try eachWindow(annotated, emit: emit) { annotator, index, bytes in
            let parts = render(annotated, window: index, annotator: annotator, granularity: granularity,
                                   wantsTokens: true, wantsNested: false, wantsPosts: false)
            writer.write(record(annotated, sentences: annotated.windows[index].originalSentences, tokens: parts.tokens,
                                spans: parts.flat), to: &bytes)
        }
    }

    private func writeJSONL(_ annotated: Annotated, writer: JSONLWriter, granularity: Granularity,
                            emit: ([UInt8]) throws -> Void) rethrows {
        let relations = annotated.windows.flatMap(\.relations)
        let whole = record(annotated, relations: relations)
        var head: [UInt8] = []
        writer.appendHead(whole, to: &head)
        try emit(head)
        try Self.emitQuoted(annotated.document.text, emit: emit)
        try emit(Array(",\"spans\":[".utf8))
        try eachWindow(annotated, commas: true, emit: emit) { annotator, index, bytes in
            let parts = render(annotated, window: index, annotator: annotator, granularity: granularity,
                                   wantsTokens: false, wantsNested: false, wantsPosts: false)
            JSONLWriter.appendMentionObjects(parts.flat, codePoints: annotated.codePoints, training: false, to: &bytes)
        }
        var tail: [UInt8] = [UInt8(ascii: "]")]
        if !relations.isEmpty { JSONLWriter.appendRelations(relations, of: whole, to: &tail) }
        if whole.postsLinked {
            JSONText.append(",\"posts\":[", to: &tail)
            try emit(tail)
            tail = []
            try eachWindow(annotated, commas: true, emit: emit) { annotator, index, bytes in
                let parts = render(annotated, window: index, annotator: annotator, granularity: granularity,
                                       wantsTokens: false, wantsNested: false, wantsPosts: true)
                for (position, post) in parts.posts.enumerated() {
                    if position > 0 { bytes.append(UInt8(ascii: ",")) }
                    PostJSON.appendPost(post, codePoints: annotated.codePoints, to: &bytes)
                }
            }
            tail.append(UInt8(ascii: "]"))
        }
        if writer.includeNested {
            JSONText.append(",\"nested\":[", to: &tail)
            try emit(tail)
            tail = []
            try eachWindow(annotated, commas: true, emit: emit) { annotator, index, bytes in
                let parts = render(annotated, window: index, annotator: annotator, granularity: granularity,
                                       wantsTokens: false, wantsNested: true, wantsPosts: false)
                JSONLWriter.appendMentionObjects(parts.nested, codePoints: annotated.codePoints, training: false, to: &bytes)
            }
            tail.append(UInt8(ascii: "]"))
        }
        if writer.includeTokens {
            JSONText.append(",\"sentences\":[", to: &tail)
            JSONLWriter.appendSentenceObjects(annotated.windows.flatMap(\.originalSentences), to: &tail)
            JSONText.append("],\"tokens\":[", to: &tail)
            try emit(tail)
            tail = []
            try eachWindow(annotated, commas: true, emit: emit) { annotator, index, bytes in
                let parts = render(annotated, window: index, annotator: annotator, granularity: granularity,
                                       wantsTokens: true, wantsNested: false, wantsPosts: false)
                JSONLWriter.appendTokenObjects(parts.tokens, codePoints: annotated.codePoints, to: &bytes)
            }
            tail.append(UInt8(ascii: "]"))
        }
        JSONText.append("}\n", to: &tail)
        try emit(tail)
    }

    /// Emits `text` as a JSON string literal, in pieces of about a
    /// megabyte cut between characters (escapes are per byte, so the
    /// pieces escape as the whole would).
    static func emitQuoted(_ text: String, emit: ([UInt8]) throws -> Void) rethrows {
        try emit([UInt8(ascii: "\"")])
        var text = text
        try text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = min(bytes.count, start + (1 << 20))
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                var piece: [UInt8] = []
                JSONText.appendQuoted(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self),
                                      to: &piece)
                try emit(Array(piece.dropFirst().dropLast()))
                start = end
            }
        }
        try emit([UInt8(ascii: "\"")])
    }
}
