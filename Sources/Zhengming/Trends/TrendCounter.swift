/// Counts mentions per period, label and surface over a corpus (`zhengming
/// trends`). A mention's surface is the `canonical` attribute its lexicon
/// entry gives (`长沙` → `长沙市`), else its text normalised as the rules see
/// it (`CharacterNormalizer`: full-width and traditional forms folded), so
/// spellings of one name are counted together.
///
/// Fed with `TrendWriter` output in input order; not thread-safe.
public final class TrendCounter {
    public enum Granularity: String, Sendable, CaseIterable { case month, year }

    /// One line of `trends.csv`.
    public struct Row: Sendable, Hashable {
        public let period: String
        public let label: String
        public let text: String
        /// Mentions.
        public let count: Int
        /// Documents with at least one of them.
        public let documents: Int
    }

    /// The period of undated documents.
    public static let undated = "undated"

    public let granularity: Granularity
    private let normalizer: CharacterNormalizer
    private var normalized: [String: String] = [:]
    private var counts: [Key: (count: Int, documents: Int)] = [:]
    public private(set) var documents = 0
    public private(set) var datedFromField = 0
    public private(set) var datedFromDateline = 0
    /// Ids of the documents without a date, in input order.
    public private(set) var undatedDocuments: [String] = []
    /// Labels in order of first appearance.
    public private(set) var labels: [String] = []

    private struct Key: Hashable {
        let period: String
        let label: String
        let text: String
    }

    public init(by granularity: Granularity) throws {
        self.granularity = granularity
        normalizer = try CharacterNormalizer()
    }

    /// Adds one document's `TrendWriter` lines.
    public func add(_ bytes: [UInt8]) {
        var period = Self.undated
        var seen: Set<Key> = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            switch fields.first {
            case "D" where fields.count >= 4:
                documents += 1
                period = self.period(of: fields[1])
                switch fields[2] {
                case "field": datedFromField += 1
                case "dateline": datedFromDateline += 1
                default: undatedDocuments.append(fields[3])
                }
            case "M" where fields.count >= 4:
                let label = fields[1]
                if !labels.contains(label) { labels.append(label) }
                let key = Key(period: period, label: label, text: fields[2].isEmpty ? surface(fields[3]) : fields[2])
                let first = seen.insert(key).inserted
                counts[key, default: (0, 0)].count += 1
                if first { counts[key]!.documents += 1 }
            default:
                continue
            }
        }
    }

    /// `2018-02` or `2018` of an ISO date; `undated` for none.
    func period(of iso: String) -> String {
        guard iso.count >= 7 else { return Self.undated }
        return String(iso.prefix(granularity == .month ? 7 : 4))
    }

    private func surface(_ text: String) -> String {
        if let known = normalized[text] { return known }
        let folded = String(codePoints: normalizer.normalize(text)).trimmingCharacters(in: .whitespaces)
        normalized[text] = folded
        return folded
    }

    /// Every count: by period (undated last), label (first seen first), then
    /// most mentions first, then text.
    public var rows: [Row] {
        let order = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        return counts.map { Row(period: $0.key.period, label: $0.key.label, text: $0.key.text, count: $0.value.count,
                                documents: $0.value.documents) }
            .sorted { a, b in
                let aUndated = a.period == Self.undated, bUndated = b.period == Self.undated
                if aUndated != bUndated { return bUndated }
                if a.period != b.period { return a.period < b.period }
                if a.label != b.label { return order[a.label]! < order[b.label]! }
                if a.count != b.count { return a.count > b.count }
                return a.text < b.text
            }
    }

    /// Every period from the first dated one to the last, without gaps
    /// (months or years in which nothing was counted included).
    public var periods: [String] {
        let dated = Set(counts.keys.map(\.period)).subtracting([Self.undated]).sorted()
        guard let first = dated.first, let last = dated.last else { return [] }
        var result: [String] = []
        var current = first
        while current <= last, result.count < 12 * 1000 {
            result.append(current)
            current = Self.next(current, granularity)
        }
        return result
    }

    static func next(_ period: String, _ granularity: Granularity) -> String {
        let parts = period.split(separator: "-").compactMap { Int($0) }
        switch granularity {
        case .year: return String(format: "%04d", (parts.first ?? 0) + 1)
        case .month:
            let (year, month) = (parts.first ?? 0, parts.count > 1 ? parts[1] : 1)
            return month == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, month + 1)
        }
    }
}
