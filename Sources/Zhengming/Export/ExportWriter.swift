/// One training-data format: renders units into bytes, like
/// `AnnotationWriter` renders documents.
///
/// Workers render in parallel into per-split buffers and the pipeline
/// writes the buffers in input order, so writers hold no state and see one
/// unit at a time. `beginDocument` is called once per document and split,
/// before that document's first unit in the split, for formats that mark
/// document boundaries (`-DOCSTART-`, `# newdoc`).
public protocol ExportWriter: Sendable {
    func beginDocument(_ id: String, to output: inout [UInt8])
    func write(_ unit: ExportUnit, to output: inout [UInt8])
}

extension ExportWriter {
    public func beginDocument(_ id: String, to output: inout [UInt8]) {}
}
