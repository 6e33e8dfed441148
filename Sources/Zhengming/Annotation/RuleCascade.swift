import Foundation

/// Runs a rule set's phases over one document.
///
/// For each phase, every rule scans every sentence left to right: at each
/// position its first set allows, the longest match is taken and scanning
/// resumes after it. A match yields the rule's mention (and the mentions of
/// its labelled captures), unless an exception or context condition rejects
/// it. The phase's candidates are then resolved (`ConflictResolver`) and the
/// winners join the nested layer, where later phases can refer to them with
/// `@LABEL`. After the last phase, the nested layer is resolved once more
/// into the flat layer.
struct RuleCascade {
    let rules: RuleSet

    struct Result {
        var nested: [Mention]
        var flat: [Mention]
        var relations: [Relation]
        var losers: [LostCandidate]?
        /// Rules that exhausted their step budget on this document.
        var exhausted: [String]
        /// How each name was labelled document-wide (`EntityResolution`).
        var resolutions: [NameResolution] = []
    }

    /// Steps one rule may take on one document, beyond which it is stopped
    /// and reported: a pattern can be slow, never endless.
    static func stepBudget(forLength length: Int) -> Int { 2_000_000 + 400 * length }

    func run(_ text: NormalizedText, segmentation: Segmentation, scratch: MatchScratch,
             buffers: CascadeBuffers = CascadeBuffers(), recordLosers: Bool = false) -> Result {
        var phases = runPhases(text, segmentation: segmentation, scratch: scratch, buffers: buffers,
                               recordLosers: recordLosers)
        phases.nested.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let names = PropagationNames(rules.propagatedLabels.isEmpty ? [] : phases.nested, units: text.units,
                                     labels: rules.propagatedLabels)
        var nested = phases.nested
        nested += propagate(names, nested: nested, text: text, sentences: segmentation.sentences)
        nested.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        var losers = phases.losers
        var flat = nested.isEmpty ? [] : ConflictResolver.resolve(nested, losers: &losers) { .lostInFlatLayer(to: $0) }
        let resolutions = rules.resolution.map { $0.resolve(flat: &flat, nested: &nested, units: text.units) } ?? []
        inheritAttributes(&nested)
        inheritAttributes(&flat)
        if losers != nil { inheritAttributes(losers: &losers!) }
        return Result(nested: nested, flat: flat, relations: phases.relations, losers: losers,
                      exhausted: phases.exhausted, resolutions: resolutions)
    }

    /// What the phases found, before the document-wide passes (propagation,
    /// the flat layer, entity resolution): the winners of every phase in
    /// phase order, unsorted.
    struct PhaseResult {
        var nested: [Mention]
        var relations: [Relation]
        var losers: [LostCandidate]?
        var exhausted: [String]
    }

    /// Runs the phases over the sentences of `text`. Every match lies in one
    /// sentence and every phase reads only mentions of its sentence, so the
    /// result for a text made of several pieces cut at sentence boundaries
    /// is the union of the results of the pieces (`WindowedAnnotator`).
    func runPhases(_ text: NormalizedText, segmentation: Segmentation, scratch: MatchScratch,
                   buffers: CascadeBuffers = CascadeBuffers(), recordLosers: Bool = false) -> PhaseResult {
        let units = text.units
        let sentences = segmentation.sentences
        let gate = rules.gate
        let work = buffers.tables(for: rules)
        // Read once: the attempt loop asks on every attempt.
        let profile = buffers.profile
        // The worker's tables, taken out of the buffers for the document (so
        // that they are not shared, and are refilled in place) and put back.
        var presentAtoms = buffers.presentAtoms
        var atomStart = buffers.atomStart
        var hits = buffers.hits
        var mentionSpans = buffers.mentionSpans
        var lexiconHits = buffers.lexiconIndex
        var mentionIndex = buffers.mentionIndex
        buffers.presentAtoms = []
        buffers.atomStart = []
        buffers.hits = []
        buffers.mentionSpans = []
        buffers.lexiconIndex = .empty
        buffers.mentionIndex = .empty
        defer {
            buffers.presentAtoms = presentAtoms
            buffers.atomStart = atomStart
            buffers.hits = hits
            buffers.mentionSpans = mentionSpans
            buffers.lexiconIndex = lexiconHits
            buffers.mentionIndex = mentionIndex
        }

        // One pass finds every lexicon entry and every string a rule
        // requires; per sentence, the atoms present (strings and lexicons)
        // are `presentAtoms[atomStart[s]..<atomStart[s + 1]]`.
        hits.removeAll(keepingCapacity: true)
        presentAtoms.removeAll(keepingCapacity: true)
        atomStart.removeAll(keepingCapacity: true)
        atomStart.append(0)
        let indexed = rules.indexedLexicons
        for sentence in sentences {
            let stamp = buffers.nextStamp()
            if rules.automaton.entryCount > 0 {
                rules.automaton.forEachMatch(in: units, range: sentence) { start, end, lexicon, entry in
                    let atom: Int32
                    if lexicon == gate.stringLexicon {
                        atom = entry
                    } else {
                        if !indexed.isEmpty, !indexed[Int(lexicon)] { return }
                        hits.append(.init(start: Int32(start), end: Int32(end), kind: lexicon, item: entry))
                        atom = gate.lexiconAtom(lexicon)
                    }
                    if work.atomSeen[Int(atom)] != stamp {
                        work.atomSeen[Int(atom)] = stamp
                        presentAtoms.append(atom)
                    }
                }
            }
            atomStart.append(presentAtoms.count)
        }
        lexiconHits.rebuild(spans: hits, textLength: units.count)
        var nested: [Mention] = []
        var nestedLabels: [Int32] = []
        var relations: [Relation] = []
        var losers: [LostCandidate]? = recordLosers ? [] : nil
        var exhausted: [String] = []
        let budget = Self.stepBudget(forLength: units.count)
        // -1: the index still holds the previous document's mentions.
        var indexedMentions = -1
        for phase in rules.phases.indices {
            let phaseRules = rules.rulesByPhase[phase]
            guard !phaseRules.isEmpty else { continue }
            let phaseGate = gate.phases[phase]
            // A phase whose rules the document as a whole cannot meet (the
            // atoms of all its sentences, the labels of all mentions so far)
            // is skipped before any of its set-up: its sentences would all
            // be gated out. For a one-sentence document that is most phases.
            if rules.usesSentenceGate, !phaseGate.isOpen,
               !Self.documentMayMeet(phaseGate, ruleCount: phaseRules.count, atoms: presentAtoms,
                                     labels: nestedLabels, gate: gate, work: work, stamp: buffers.nextStamp()) {
                if let profile {
                    for slot in phaseRules.indices {
                        for _ in sentences { profile.sentence(phaseRules[slot], tried: false) }
                    }
                }
                continue
            }
            // Mentions of earlier phases, indexed only for phases that read them.
            // (Rebuilt only when earlier phases added mentions since.)
            if rules.phaseReadsMentions[phase] && indexedMentions != nested.count {
                mentionSpans.removeAll(keepingCapacity: true)
                for index in nested.indices {
                    mentionSpans.append(.init(start: Int32(nested[index].normalizedStart),
                                              end: Int32(nested[index].normalizedEnd),
                                              kind: nestedLabels[index], item: Int32(index)))
                }
                mentionIndex.rebuild(spans: mentionSpans, textLength: units.count)
                indexedMentions = nested.count
            }
            let mentionIndex = rules.phaseReadsMentions[phase] ? mentionIndex : SpanIndex.empty
            var candidates: [Mention] = []
            var pendingRelations: [(Relation, primary: Mention)] = []
            let dispatch = rules.dispatch[phase]
            // Unretained: `rules` keeps every program alive, and a retain and
            // release per attempt showed in profiles.
            let programs = rules.unretainedPrograms[phase]
            let ruleCount = phaseRules.count
            for slot in 0..<ruleCount {
                work.ruleSteps[slot] = 0
                work.stopped[slot] = false
                work.seenAt[slot] = -1
                work.allowed[slot] = true
            }
            // The mentions are a constant of the input (the matcher reads them
            // without retaining), so each phase makes its own.
            let input = MatchInput(units: units, window: 0..<0, isTokenBoundary: segmentation.isTokenBoundary,
                                   lexiconHits: lexiconHits, filters: rules.filters, mentions: mentionIndex)
            for (number, sentence) in sentences.enumerated() {
                if rules.usesSentenceGate, !phaseGate.isOpen {
                    // Count, per rule, the clauses of its requirement that the
                    // atoms of this sentence meet; try only rules that meet all.
                    for slot in 0..<ruleCount { work.met[slot] = 0 }
                    let stamp = buffers.nextStamp()
                    func mark(_ atom: Int32) { Self.mark(atom, phaseGate, work, stamp) }
                    for index in atomStart[number]..<atomStart[number + 1] { mark(presentAtoms[index]) }
                    if !mentionIndex.isEmpty {
                        let first = mentionIndex.starting(at: sentence.lowerBound).lowerBound
                        let last = mentionIndex.starting(at: sentence.upperBound - 1).upperBound
                        for index in first..<last where mentionIndex.spans[index].kind >= 0 {
                            mark(gate.labelAtom(mentionIndex.spans[index].kind))
                        }
                    }
                    var any = false
                    for slot in 0..<ruleCount {
                        work.allowed[slot] = work.met[slot] == phaseGate.required[slot]
                        any = any || work.allowed[slot]
                        profile?.sentence(phaseRules[slot], tried: work.allowed[slot])
                    }
                    if !any { continue }
                } else if let profile {
                    for slot in 0..<ruleCount { profile.sentence(phaseRules[slot], tried: true) }
                }
                input.window = sentence
                for slot in 0..<ruleCount { work.nextAllowed[slot] = sentence.lowerBound }
                for position in sentence {
                    // The rules whose first set allows a match here: by character,
                    // by a lexicon entry or mention starting here, or always.
                    // Each entry is `slot << 2 | known`: bit 0 when the slot came
                    // from its first set (character, lexicon, label), so that
                    // set need not be checked again; bit 1 when it came from
                    // the character before, which its lookbehind needs.
                    var triedCount = 0
                    func consider(_ slot: Int, _ known: Int) {
                        if work.allowed[slot], work.seenAt[slot] != position {
                            work.seenAt[slot] = position
                            work.tried[triedCount] = slot << 2 | known
                            triedCount += 1
                        }
                    }
                    for index in dispatch.byCharacter.range(of: units[position]) {
                        consider(dispatch.byCharacter.slots[index], 1)
                    }
                    if !dispatch.byLexicon.isEmpty {
                        for index in lexiconHits.starting(at: position) {
                            for entry in dispatch.byLexicon.range(of: lexiconHits.spans[index].kind) {
                                consider(dispatch.byLexicon.slots[entry], 1)
                            }
                        }
                    }
                    if !dispatch.byLabel.isEmpty {
                        for index in mentionIndex.starting(at: position) {
                            for entry in dispatch.byLabel.range(of: mentionIndex.spans[index].kind) {
                                consider(dispatch.byLabel.slots[entry], 1)
                            }
                        }
                    }
                    if position > sentence.lowerBound {
                        for index in dispatch.byPreviousCharacter.range(of: units[position - 1]) {
                            consider(dispatch.byPreviousCharacter.slots[index], 2)
                        }
                        if !dispatch.byLexiconEnd.isEmpty {
                            for order in lexiconHits.ending(at: position) {
                                let kind = lexiconHits.spans[lexiconHits.spanIndex(byEnd: order)].kind
                                for entry in dispatch.byLexiconEnd.range(of: kind) {
                                    consider(dispatch.byLexiconEnd.slots[entry], 2)
                                }
                            }
                        }
                    } else {
                        for slot in dispatch.atSentenceStart { consider(slot, 2) }
                    }
                    for slot in dispatch.always { consider(slot, 0) }
                    for index in 0..<triedCount {
                        let slot = work.tried[index] >> 2, known = work.tried[index] & 3
                        guard !work.stopped[slot], work.nextAllowed[slot] <= position else { continue }
                        let ruleIndex = phaseRules[slot]
                        let profileStart = profile == nil ? 0 : DispatchTime.now().uptimeNanoseconds
                        let candidatesBefore = candidates.count
                        defer {
                            if let profile {
                                profile.add(ruleIndex, attempts: 1, candidates: candidates.count - candidatesBefore,
                                            nanoseconds: DispatchTime.now().uptimeNanoseconds - profileStart)
                            }
                        }
                        scratch.resetBudget(budget)
                        scratch.steps = work.ruleSteps[slot]
                        let found = programs[slot]._withUnsafeGuaranteedRef { program in
                            PatternMatcher.mayStart(program, at: position, in: input,
                                                    firstKnown: known & 1 != 0, behindKnown: known & 2 != 0)
                                ? PatternMatcher.longestMatch(program, at: position, in: input, scratch: scratch) : nil
                        }
                        work.ruleSteps[slot] = scratch.steps
                        guard let match = found, match.end > position else {
                            if scratch.exhausted {
                                work.stopped[slot] = true
                                exhausted.append(rules.rules[ruleIndex].name)
                            }
                            continue
                        }
                        // A match that an exception or a context rejects does not
                        // hide the matches that start inside it. (The rule is
                        // borrowed through a buffer pointer: the array's
                        // subscript handed over a copy, which retained and
                        // released each of its fields on every match.)
                        let accepted = rules.rules.withUnsafeBufferPointer { all in
                            accept(match.slots, rule: all.baseAddress! + ruleIndex, ruleIndex: ruleIndex, input: input, text: text,
                                   scratch: scratch, candidates: &candidates,
                                   relations: &pendingRelations, losers: &losers)
                        }
                        work.ruleSteps[slot] = scratch.steps
                        if accepted { work.nextAllowed[slot] = match.end }
                    }
                }
            }
            if let profile {
                for slot in 0..<ruleCount { profile.add(phaseRules[slot], steps: work.ruleSteps[slot]) }
            }
            guard !candidates.isEmpty else { continue }
            let winners = ConflictResolver.resolve(candidates, losers: &losers) { .lostInPhase(to: $0) }
            if !pendingRelations.isEmpty {
                let winnerSet = Set(winners)
                relations += pendingRelations.filter { winnerSet.contains($0.primary) }.map(\.0)
            }
            nested += winners
            // Label numbers, found once per mention rather than once per phase.
            for winner in winners { nestedLabels.append(rules.labelID(winner.label) ?? -1) }
        }
        return PhaseResult(nested: nested, relations: relations, losers: losers, exhausted: exhausted)
    }

    private func inheritAttributes(losers: inout [LostCandidate]) {
        for index in losers.indices {
            inheritAttributes(&losers[index].mention)
            switch losers[index].reason {
            case .lostInPhase(var winner):
                inheritAttributes(&winner)
                losers[index].reason = .lostInPhase(to: winner)
            case .lostInFlatLayer(var winner):
                inheritAttributes(&winner)
                losers[index].reason = .lostInFlatLayer(to: winner)
            case .exception, .context: break
            }
        }
    }

    /// Whether some rule of a gated phase has every clause of its
    /// requirement met by the atoms and labels of the whole document: a
    /// necessary condition for it to be met in some sentence.
    private static func documentMayMeet(_ phaseGate: RuleGate.Phase, ruleCount: Int, atoms: [Int32], labels: [Int32],
                                        gate: RuleGate, work: CascadeBuffers.Tables, stamp: Int32) -> Bool {
        for slot in 0..<ruleCount {
            if phaseGate.required[slot] == 0 { return true }
            work.met[slot] = 0
        }
        for atom in atoms { mark(atom, phaseGate, work, stamp) }
        for label in labels where label >= 0 { mark(gate.labelAtom(label), phaseGate, work, stamp) }
        for slot in 0..<ruleCount where work.met[slot] == phaseGate.required[slot] { return true }
        return false
    }

    /// Counts, for each rule slot of the phase, the clauses of its
    /// requirement that `atom` meets, each clause once per `stamp`.
    @inline(__always)
    private static func mark(_ atom: Int32, _ phaseGate: RuleGate.Phase, _ work: CascadeBuffers.Tables,
                             _ stamp: Int32) {
        let first = Int(phaseGate.clauseStart[Int(atom)]), last = Int(phaseGate.clauseStart[Int(atom) + 1])
        for index in first..<last {
            let clause = Int(phaseGate.clauses[index])
            if work.clauseMet[clause] != stamp {
                work.clauseMet[clause] = stamp
                work.met[Int(phaseGate.clauseSlot[clause])] += 1
            }
        }
    }

    /// Mentions of the propagated labels found again wherever their exact
    /// text recurs in `sentences` of `text` (two characters at least, never
    /// a bare surname), at priority 1 so they only fill gaps: the rule is
    /// `propagate:` plus the rule that found the first occurrence. `names`
    /// are the document's (`PropagationNames`); `nested` are the mentions
    /// of the text searched, where nothing is propagated at a start of one
    /// of the propagated labels.
    func propagate(_ names: PropagationNames, nested: [Mention], text: NormalizedText,
                   sentences: [Range<Int>]) -> [Mention] {
        guard !names.isEmpty else { return [] }
        let units = text.units
        var taken: [Int] = []
        for index in nested.indices where rules.propagatedLabels.contains(nested[index].label) {
            taken.append(nested[index].normalizedStart)
        }
        taken.sort()
        var found: [Mention] = []
        var takenCursor = 0
        for sentence in sentences {
            for start in sentence {
                let first = units[start]
                guard names.mayStart(with: first) else { continue }
                while takenCursor < taken.count, taken[takenCursor] < start { takenCursor += 1 }
                if takenCursor < taken.count, taken[takenCursor] == start { continue }
                for name in names.starting(with: first) {
                    let length = name.units.count
                    guard start + length <= sentence.upperBound,
                          units[start..<start + length].elementsEqual(name.units) else { continue }
                    var copy = name.source
                    let original = text.originalRange(start..<start + length)
                    copy.start = original.lowerBound
                    copy.end = original.upperBound
                    copy.normalizedStart = start
                    copy.normalizedEnd = start + length
                    copy.priority = 1
                    copy.rule = "propagate:" + copy.rule
                    found.append(copy)
                }
            }
        }
        return found
    }

    /// Turns a match into candidates; false when the rule's exceptions or
    /// contexts reject it.
    private func accept(_ slots: [Int], rule: UnsafePointer<Rule>, ruleIndex: Int, input: MatchInput, text: NormalizedText,
                        scratch: MatchScratch, candidates: inout [Mention],
                        relations: inout [(Relation, primary: Mention)], losers: inout [LostCandidate]?) -> Bool {
        func span(_ capture: Int) -> Range<Int>? {
            let lower = slots[2 * capture], upper = slots[2 * capture + 1]
            return lower >= 0 && upper > lower ? lower..<upper : nil
        }
        guard let primary = span(rule.pointee.mentionSlot ?? 0) else { return false }
        var mention = makeMention(primary, label: rule.pointee.label, rule: rule, ruleIndex: ruleIndex, text: text, input: input)
        for (key, parts) in rule.pointee.attributeTemplates {
            mention.attributes[key] = parts.map { part -> String in
                switch part {
                case .text(let literal): return literal
                case .capture(let index): return span(index).map { String(codePoints: input.units[$0]) } ?? ""
                }
            }.joined()
        }
        if (!rule.pointee.exceptionKeys.isEmpty && rule.pointee.exceptionKeys.contains(Array(input.units[primary])))
            || isLexiconEntry(primary, of: rule.pointee.exceptionLexicons, input: input) {
            losers?.append(LostCandidate(mention: mention, reason: .exception(String(codePoints: input.units[primary]))))
            return false
        }
        for check in rule.pointee.pinyinChecks {
            let captured = span(check.slot).map { String(codePoints: input.units[$0]) } ?? ""
            let reading = scratch.pinyin?.pinyin(of: captured) ?? ""
            let range = NSRange(reading.startIndex..., in: reading)
            if check.expression.firstMatch(in: reading, range: range) == nil {
                losers?.append(LostCandidate(mention: mention, reason: .context("pinyin of '\(captured)' is '\(reading)', not /\(check.source)/")))
                return false
            }
        }
        if let check = rule.pointee.scoreCheck {
            let scored = check.slot.flatMap(span) ?? primary
            let model = rules.scoreModels[check.model]
            if let value = model.score(input.units[scored]), value < check.minimum {
                losers?.append(LostCandidate(mention: mention, reason: .context(
                    "score: '\(String(codePoints: input.units[scored]))' scores \(value.formatted2) by model \(model.name), below the minimum \(check.minimum.formatted2)")))
                return false
            }
        }
        for check in rule.pointee.contextChecks {
            let anchor = check.atEnd ? primary.upperBound : primary.lowerBound
            let found = PatternMatcher.matches(check.program, at: anchor, in: input, scratch: scratch, depth: 1)
            if found == check.negated {
                let which = rule.pointee.contexts.first { ($0.key.hasSuffix("after") == check.atEnd) && ($0.key.hasPrefix("not_") == check.negated) }
                losers?.append(LostCandidate(mention: mention, reason: .context("\(which?.key ?? "context"): \(which?.pattern ?? "")")))
                return false
            }
        }
        candidates.append(mention)
        for (slot, labelID) in rule.pointee.captureSlots {
            guard let range = span(slot) else { continue }
            candidates.append(makeMention(range, label: rules.labels[Int(labelID)], rule: rule, ruleIndex: ruleIndex,
                                          text: text, input: input))
        }
        for relation in rule.pointee.relationSlots {
            guard let subject = span(relation.subject), let object = span(relation.object) else { continue }
            relations.append((Relation(subject: text.originalRange(subject), predicate: relation.predicate,
                                       object: text.originalRange(object), rule: rule.pointee.name), mention))
        }
        return true
    }

    private func makeMention(_ range: Range<Int>, label: String, rule: UnsafePointer<Rule>, ruleIndex: Int, text: NormalizedText,
                             input: MatchInput) -> Mention {
        let original = text.originalRange(range)
        var mention = Mention(start: original.lowerBound, end: original.upperBound, label: label, rule: rule.pointee.name,
                              phase: rule.pointee.phase, priority: rule.pointee.priority)
        mention.normalizedStart = range.lowerBound
        mention.normalizedEnd = range.upperBound
        mention.phaseIndex = rule.pointee.phaseIndex
        mention.ruleIndex = ruleIndex
        if !rule.pointee.referencedLexicons.isEmpty {
            for index in input.lexiconHits.starting(at: range.lowerBound) {
                let hit = input.lexiconHits.spans[index]
                guard Int(hit.end) == range.upperBound, rule.pointee.referencedLexicons.contains(hit.kind) else { continue }
                // Copied later, and only into mentions that are kept or shown
                // (`inheritAttributes`): most lexicon candidates lose, and a
                // place entry's four attributes cost a dictionary of their own.
                if !rules.lexicons[Int(hit.kind)].entries[Int(hit.item)].attributes.isEmpty {
                    mention.pendingLexicon = hit.kind
                    mention.pendingEntry = hit.item
                }
                break
            }
        }
        return mention
    }

    /// Copies the attributes of the lexicon entry a mention is exactly into
    /// it, under those its rule set (a rule's own attributes win, as when the
    /// entry's were copied first and the rule's written over them).
    func inheritAttributes(_ mentions: inout [Mention]) {
        for index in mentions.indices where mentions[index].pendingLexicon >= 0 { inheritAttributes(&mentions[index]) }
    }

    private func inheritAttributes(_ mention: inout Mention) {
        guard mention.pendingLexicon >= 0 else { return }
        let lexicon = Int(mention.pendingLexicon), entry = Int(mention.pendingEntry)
        if rules.entryAttributes[lexicon].isEmpty {
            rules.lexicons[lexicon].entries.withUnsafeBufferPointer { entries in
                for (key, value) in entries[entry].attributes where mention.attributes[key] == nil {
                    mention.attributes[key] = value
                }
            }
        } else if mention.attributes.isEmpty {
            // Most rules set no attributes of their own: share the entry's table.
            mention.attributes = rules.entryAttributes[lexicon][entry]
        } else {
            for (key, value) in rules.entryAttributes[lexicon][entry] where mention.attributes[key] == nil {
                mention.attributes[key] = value
            }
        }
        mention.pendingLexicon = -1
        mention.pendingEntry = -1
    }

    private func isLexiconEntry(_ range: Range<Int>, of lexicons: Set<Int32>, input: MatchInput) -> Bool {
        guard !lexicons.isEmpty else { return false }
        return input.lexiconHits.starting(at: range.lowerBound).contains { index in
            let hit = input.lexiconHits.spans[index]
            return Int(hit.end) == range.upperBound && lexicons.contains(hit.kind)
        }
    }
}

extension Double {
    /// Two decimals, for messages (`-1.25`).
    var formatted2: String {
        let scaled = (self * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(format: "%.1f", scaled) : String(format: "%.2f", scaled)
    }
}

extension RuleCascade {
    /// The hits of the lexicons some rule reads, in `sentences` of `units`,
    /// indexed: the `lexiconHits` the phases had, for the post linker of a
    /// window that is linked after its phases ran (`WindowedAnnotator`).
    func lexiconHits(_ units: [UInt32], sentences: [Range<Int>]) -> SpanIndex {
        var hits: [SpanIndex.Span] = []
        let indexed = rules.indexedLexicons
        let stringLexicon = rules.gate.stringLexicon
        if rules.automaton.entryCount > 0 {
            for sentence in sentences {
                rules.automaton.forEachMatch(in: units, range: sentence) { start, end, lexicon, entry in
                    if lexicon == stringLexicon { return }
                    if !indexed.isEmpty, !indexed[Int(lexicon)] { return }
                    hits.append(.init(start: Int32(start), end: Int32(end), kind: lexicon, item: entry))
                }
            }
        }
        return SpanIndex(spans: hits, textLength: units.count)
    }
}
