/// The career table: records grouped per (official, post) over a corpus,
/// what `zhengming posts --group` writes.
///
/// For each official and post: how many records and documents, the first
/// and last document in corpus order, the earliest and latest document date
/// where one is known (`DocumentDate`), and the count of each status. The
/// official is grouped by the text of the name, so two people of one name
/// are one row: a career table from text needs a person's other posts or
/// places to tell them apart, and the row keeps the places and resolved
/// organs seen to help.
public struct CareerTable: Sendable {
    public static let columns = [
        "official", "post", "organ", "title", "places", "resolved", "records", "documents",
        "first_document", "last_document", "first_date", "last_date",
        "current", "former", "appointed", "removed",
    ]

    public struct Row: Sendable {
        public var official: String
        public var post: String
        public var organ: String?
        public var title: String
        public var places: [String] = []
        public var resolved: [String] = []
        public var records = 0
        public var documents: [String] = []
        public var firstDate: String?
        public var lastDate: String?
        public var statuses: [PostStatus: Int] = [:]

        public var values: [String?] {
            let placeList: String? = places.isEmpty ? nil : places.joined(separator: ";")
            let resolvedList: String? = resolved.isEmpty ? nil : resolved.joined(separator: ";")
            var values: [String?] = [official, post, organ, title, placeList, resolvedList]
            values += [String(records), String(documents.count), documents.first, documents.last, firstDate, lastDate]
            for status in PostStatus.allCases { values.append(String(statuses[status] ?? 0)) }
            return values
        }
    }

    public private(set) var rows: [Row] = []
    private var index: [[String]: Int] = [:]

    public init() {}

    /// Adds the rows of one document (documents in corpus order).
    public mutating func add(_ records: [PostRow]) {
        for record in records {
            let key = [record.official, record.post]
            let position: Int
            if let known = index[key] { position = known } else {
                position = rows.count
                index[key] = position
                rows.append(Row(official: record.official, post: record.post, organ: record.organ, title: record.title))
            }
            var row = rows[position]
            row.records += 1
            row.statuses[record.status, default: 0] += 1
            if row.documents.last != record.documentID { row.documents.append(record.documentID) }
            if let place = record.place, !row.places.contains(place) { row.places.append(place) }
            if let resolved = record.resolved, !row.resolved.contains(resolved) { row.resolved.append(resolved) }
            if let date = record.date {
                if row.firstDate.map({ date < $0 }) ?? true { row.firstDate = date }
                if row.lastDate.map({ date > $0 }) ?? true { row.lastDate = date }
            }
            rows[position] = row
        }
    }
}
