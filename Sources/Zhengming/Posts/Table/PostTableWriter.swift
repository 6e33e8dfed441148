/// `zhengming posts` as a `RecordWriter`: each document's records as rows
/// of `PostRow.columns` (the header is written once, by the caller).
public struct PostTableWriter: RecordWriter {
    public let table: TableWriter

    public init(format: TableWriter.Format) {
        table = TableWriter(format: format, columns: PostRow.columns, numericColumns: PostRow.numericColumns)
    }

    public func write(_ document: Record, to output: inout [UInt8]) {
        for row in PostRow.rows(of: document) { table.append(row.values, to: &output) }
    }
}
