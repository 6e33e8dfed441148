/// One output format: turns annotated documents into bytes.
///
/// Writers append to a byte buffer, so that workers can render documents in
/// parallel and the command line can write the buffers in input order.
public protocol AnnotationWriter: Sendable {
    /// Appends the rendering of `document` to `output`.
    func write(_ document: AnnotatedDocument, to output: inout [UInt8])

    /// Appends what a streaming run (`annotate --stream`) writes in place of
    /// a record it could not annotate.
    func writeRejection(_ rejection: Rejection, to output: inout [UInt8])
}

