/// What a pattern is matched against: one sentence of normalised text with
/// everything known about it. A class so that it is built once per sentence
/// and phase and passed by reference to every rule.
final class MatchInput {
    let units: [UInt32]
    /// The sentence: matches never leave it.
    /// Set per sentence by the cascade, which reuses one input per phase.
    var window: Range<Int>
    let isTokenBoundary: [Bool]
    let lexiconHits: SpanIndex
    /// `allowed[filter][entry]` for `{lexicon:key=value}` references.
    let filters: [[Bool]]
    let mentions: SpanIndex

    init(units: [UInt32], window: Range<Int>, isTokenBoundary: [Bool], lexiconHits: SpanIndex,
         filters: [[Bool]], mentions: SpanIndex) {
        self.units = units
        self.window = window
        self.isTokenBoundary = isTokenBoundary
        self.lexiconHits = lexiconHits
        self.filters = filters
        self.mentions = mentions
    }
}
