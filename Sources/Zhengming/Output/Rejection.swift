/// A record that could not be annotated, as `annotate --stream` writes it
/// in the output in the record's place.
///
/// A streaming client pairs its records with the output lines by position;
/// a record that only got a message on standard error would leave it waiting
/// for an answer that never comes. So in streaming mode every record gets
/// one output, and a rejected one gets this.
public struct Rejection: Sendable {
    /// The raw JSON of the record's id, when the record was read far enough
    /// to know it.
    public var idJSON: String?
    /// Where the record came from (`path:line`, `<stdin>:3`).
    public var origin: String
    /// Why it was rejected, in the words of the message on standard error.
    public var reason: String

    public init(idJSON: String?, origin: String, reason: String) {
        self.idJSON = idJSON
        self.origin = origin
        self.reason = reason
    }

    /// The rejection of a record the reader refused.
    public init(_ error: InputError) {
        let origin = switch (error.path, error.line) {
        case let (path?, line?): "\(path):\(line)"
        case let (path?, nil): path
        case let (nil, line?): "line \(line)"
        case (nil, nil): ""
        }
        self.init(idJSON: error.recordIDJSON, origin: origin, reason: error.reason)
    }

    /// The rejection of a document the annotator failed on.
    public init(document: Document, reason: String) {
        self.init(idJSON: document.idJSON ?? JSONText.quoted(document.id), origin: document.origin, reason: reason)
    }
}
