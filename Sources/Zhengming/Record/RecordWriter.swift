/// One output format: turns records into bytes.
///
/// Writers append to a byte buffer, so that workers can render documents in
/// parallel and the caller can write the buffers in input order; they hold
/// no state and see one record at a time. `beginDocument` is called once
/// per document (in `export`, once per document and split) before its first
/// record, for formats that mark document boundaries (`# doc_id`,
/// `-DOCSTART-`, `# newdoc`).
public protocol RecordWriter: Sendable {
    func beginDocument(_ record: Record, to output: inout [UInt8])
    func write(_ record: Record, to output: inout [UInt8])

    /// Appends what a streaming run (`annotate --stream`) writes in place of
    /// a record it could not annotate (formats `annotate` writes).
    func writeRejection(_ rejection: Rejection, to output: inout [UInt8])
}

extension RecordWriter {
    public func beginDocument(_ record: Record, to output: inout [UInt8]) {}

    /// Nothing: the training formats are never streamed.
    public func writeRejection(_ rejection: Rejection, to output: inout [UInt8]) {}

    /// Renders an annotated document as `annotate` does: its record, begun
    /// and written.
    public func write(_ document: AnnotatedDocument, to output: inout [UInt8]) {
        let record = Record(document)
        beginDocument(record, to: &output)
        write(record, to: &output)
    }
}

/// The name the writers of `annotate` had before every writer read records.
public typealias AnnotationWriter = RecordWriter
