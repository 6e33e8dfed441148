/// Assigns every exported unit to a split (train, dev, test …) by a stable
/// hash of what the unit is, never by its position in the corpus.
///
/// The key is the seed, the document id and, for sentence units, the
/// sentence's index and text. It is hashed with FNV-1a 64 — fixed, specified
/// and the same on every platform and run, unlike Swift's `Hasher`, which is
/// randomly seeded per process — then mixed with the SplitMix64 finaliser,
/// because FNV's high bits barely change between keys that differ only in
/// their last bytes (`doc-1`, `doc-2`), and the high bits are the ones that
/// decide the split. The 53 high bits become a number in [0, 1), compared
/// with the cumulative ratios.
///
/// Hence the invariants the export relies on: the same unit always lands in
/// the same split for a given seed, however the corpus is ordered, split into
/// files or grown; and a unit lands in exactly one split.
public struct SplitAssigner: Sendable, Equatable {
    /// Split names, in the order given (`train`, `dev`, `test`).
    public let names: [String]
    /// Ratios normalised to sum to 1.
    public let ratios: [Double]
    public let seed: UInt64
    private let cumulative: [Double]

    /// - Precondition: as many names as ratios, ratios non-negative with a
    ///   positive sum (`parse` checks this for user input).
    public init(names: [String], ratios: [Double], seed: UInt64 = 0) {
        precondition(names.count == ratios.count && !names.isEmpty)
        let total = ratios.reduce(0, +)
        precondition(total > 0 && ratios.allSatisfy { $0 >= 0 })
        self.names = names
        self.ratios = ratios.map { $0 / total }
        self.seed = seed
        var running = 0.0
        cumulative = self.ratios.map { running += $0; return running }
    }

    /// Indices of the splits that can receive units (ratio above zero).
    public var activeSplits: [Int] { ratios.indices.filter { ratios[$0] > 0 } }

    /// The split of a whole document.
    public func split(documentID: String) -> Int {
        split(forUnit: position(of: key(documentID: documentID)))
    }

    /// The split of one sentence of a document (`index` counts from 0).
    public func split(documentID: String, sentence index: Int, text: String) -> Int {
        var bytes = key(documentID: documentID)
        bytes.append(0x1F)
        bytes.append(contentsOf: String(index).utf8)
        bytes.append(0x1F)
        bytes.append(contentsOf: text.utf8)
        return split(forUnit: position(of: bytes))
    }

    /// The split whose cumulative interval holds `position`; rounding at the
    /// top end falls into the last split with a non-zero ratio.
    func split(forUnit position: Double) -> Int {
        for index in cumulative.indices where ratios[index] > 0 && position < cumulative[index] { return index }
        return activeSplits.last!
    }

    private func key(documentID: String) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: seed.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: documentID.utf8)
        return bytes
    }

    /// A number in [0, 1) from the key's hash.
    func position(of key: [UInt8]) -> Double {
        Double(Self.mix(Self.fnv1a64(key)) >> 11) / Double(UInt64(1) << 53)
    }

    /// FNV-1a, 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The SplitMix64 finaliser: every input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitAssigner {
    /// Parses `--split`: ratios separated by commas, each optionally named
    /// (`0.8,0.1,0.1`, `train=0.9,test=0.1`). Unnamed ratios are called
    /// train, dev and test in that order. Ratios need not sum to 1; they are
    /// normalised.
    public static func parse(_ text: String, seed: UInt64) throws -> SplitAssigner {
        let defaults = ["train", "dev", "test"]
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !items.isEmpty, items.count <= 10 else { throw ExportError(.invalidSplit(text, "give 1 to 10 ratios")) }
        var names: [String] = []
        var ratios: [Double] = []
        for (index, item) in items.enumerated() {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            let name = parts.count == 2 ? parts[0] : (index < defaults.count ? defaults[index] : "split\(index + 1)")
            guard let ratio = Double(parts.last ?? ""), ratio.isFinite, ratio >= 0 else {
                throw ExportError(.invalidSplit(text, "'\(item)' is not a non-negative number"))
            }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isNameCharacter), !names.contains(name) else {
                throw ExportError(.invalidSplit(text, "split names must be distinct and use only letters, digits, '-' and '_'"))
            }
            names.append(name)
            ratios.append(ratio)
        }
        guard ratios.reduce(0, +) > 0 else { throw ExportError(.invalidSplit(text, "the ratios sum to 0")) }
        return SplitAssigner(names: names, ratios: ratios, seed: seed)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
