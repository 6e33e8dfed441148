/// One text to annotate, as it was read.
///
/// `text` is never changed: every offset Zhengming reports is a code-point
/// offset into it. Fields of a JSONL record other than `text` and `id` are kept
/// as their raw JSON and written back unchanged.
public struct Document: Sendable {
    /// The record's `id`, else the file path, else `path:line` / the line number.
    public var id: String
    /// The raw JSON of the input `id` (a string or a number), when there was one.
    public var idJSON: String?
    public var text: String
    /// Other fields of the JSONL record, in input order, as raw JSON values.
    public var passthrough: [(key: String, rawValue: String)]
    /// Where the document came from (`path`, `path:line`, `<stdin>`), for messages.
    public var origin: String

    public init(id: String, text: String, idJSON: String? = nil,
                passthrough: [(key: String, rawValue: String)] = [], origin: String? = nil) {
        self.id = id
        self.idJSON = idJSON
        self.text = text
        self.passthrough = passthrough
        self.origin = origin ?? id
    }
}

extension Document {
    /// A document from the top-level fields of a JSON record (a JSONL line,
    /// or an element of a request's `documents`): `text` and `id` are taken
    /// out, every other field is kept as its raw JSON, in order.
    public init(fields: [JSONObjectScanner.Field], text: String, id: String, origin: String) {
        // Built with the labels of `passthrough`: a mapped array of
        // unlabelled pairs is converted by a generic cast, element by element.
        var passthrough: [(key: String, rawValue: String)] = []
        for field in fields where field.key != "text" && field.key != "id" {
            passthrough.append((key: field.key, rawValue: field.rawValue))
        }
        self.init(id: id, text: text, idJSON: fields.first { $0.key == "id" }?.rawValue, passthrough: passthrough,
                  origin: origin)
    }
}
