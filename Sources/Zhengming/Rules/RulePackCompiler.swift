import Foundation
import Yams

/// Names → numbers for the pattern compiler, and the lexicon filters it
/// creates on the way.
final class SymbolTable: PatternSymbols {
    let lexiconIndex: [String: Int]
    let lexicons: [Lexicon]
    let labels: [String]
    var filterKeys: [String: Int32] = [:]
    var filters: [[Bool]] = []
    /// Normalises an entry's text as the text is (for lexicon classes).
    var normalize: (String) -> [UInt32] = { $0.unicodeScalars.map(\.value) }
    /// Lexicons referenced as `\p{name}` classes, and the classes made.
    var classLexicons = Set<String>()
    private var lexiconClasses: [String: CharacterClass] = [:]

    /// The one-character entries of a lexicon that a filter admits, as a
    /// character class; nil for a name that is no lexicon.
    func lexiconClass(_ name: String, _ filter: LexiconFilter?) -> CharacterClass? {
        guard let index = lexiconIndex[name] else { return nil }
        classLexicons.insert(name)
        let key = "\(name)\u{0}\(filter.map { "\($0.key)\($0.comparison.rawValue)\($0.value)" } ?? "")"
        if let known = lexiconClasses[key] { return known }
        var members = CharacterClass()
        for entry in lexicons[index].entries where filter.map({ $0.admits(entry.attribute($0.key)) }) ?? true {
            let units = normalize(entry.text)
            if units.count == 1 { members.insert(units[0]) }
        }
        lexiconClasses[key] = members
        return members
    }
    private var classes: [CharacterClass: CharacterClass] = [:]
    /// Classes of a few members by their members: most first sets are one
    /// or two characters, and listing them is cheaper than hashing the 8 KB
    /// bitmap (a third of loading 10^5 one-word rules).
    private var smallClasses: [[UInt32]: CharacterClass] = [:]

    func shared(_ characters: CharacterClass) -> CharacterClass {
        if let members = characters.members(upTo: 16) {
            if let existing = smallClasses[members] { return existing }
            smallClasses[members] = characters
            return characters
        }
        if let existing = classes[characters] { return existing }
        classes[characters] = characters
        return characters
    }

    init(lexiconIndex: [String: Int], lexicons: [Lexicon], labels: [String]) {
        self.lexiconIndex = lexiconIndex
        self.lexicons = lexicons
        self.labels = labels
    }

    func lexiconID(_ name: String) -> Int32? { lexiconIndex[name].map(Int32.init) }
    func labelID(_ label: String) -> Int32? { labels.firstIndex(of: label).map(Int32.init) }

    func filterID(lexicon: Int32, filter: LexiconFilter) -> Int32 {
        let key = "\(lexicon)\u{0}\(filter.key)\u{0}\(filter.comparison.rawValue)\u{0}\(filter.value)"
        if let known = filterKeys[key] { return known }
        let admitted = lexicons[Int(lexicon)].entries.map { filter.admits($0.attribute(filter.key)) }
        filters.append(admitted)
        filterKeys[key] = Int32(filters.count - 1)
        return Int32(filters.count - 1)
    }
}

extension LoaderState {
    /// Turns what was read into a `RuleSet`: applies `disable`, builds the
    /// lexicon automaton, compiles every pattern, and checks references.
    mutating func compile(packs: [String]) -> RuleSet? {
        // Rules of a pack without declared phases run in phase "main"; when
        // another pack declares phases, "main" runs first.
        if phases.isEmpty || (rules.contains { $0.phase == "main" } && !phases.contains("main")) {
            phases.insert("main", at: 0)
        }
        // Removed in one pass (by the name index), not one search and one
        // shift of the whole list per name.
        var removed = Set<Int>()
        for (name, location) in disabled {
            if let index = ruleIndex[name], removed.insert(index).inserted { continue }
            if let index = postDefinitions.firstIndex(where: { $0.name == name }) { postDefinitions.remove(at: index) }
            else {
                report(.unknownDisable, location.file, location.line, location.column, "no rule named '\(name)' to disable")
            }
        }
        if !removed.isEmpty {
            rules = rules.indices.filter { !removed.contains($0) }.map { rules[$0] }
            ruleIndex = [:]
        }
        let symbols = SymbolTable(lexiconIndex: lexiconIndex, lexicons: lexicons, labels: labels)
        symbols.normalize = { [normalizer] in normalizer.normalize($0) }
        var usedLexicons = Set<String>()
        // Which phases produce each label, for reference checks.
        var producers: [String: Set<Int>] = [:]
        for index in rules.indices {
            guard let phase = phases.firstIndex(of: rules[index].phase) else { continue }
            producers[rules[index].label, default: []].insert(phase)
            for capture in rules[index].captures { producers[capture.label, default: []].insert(phase) }
        }
        var scoreLexicons = Set<String>()
        scoreModels = compileScoreModels(usedLexicons: &scoreLexicons)
        var compiled: [Rule] = []
        for var rule in rules {
            if compileRule(&rule, symbols: symbols, producers: producers, usedLexicons: &usedLexicons) {
                compiled.append(rule)
            } else {
                // A rule that failed (bad label, phase or pattern) still names
                // its lexicons: reporting them unused would be a knock-on
                // diagnostic, not a second problem.
                usedLexicons.formUnion(namedLexicons(rule))
            }
        }
        let postLinker = compilePosts(symbols: symbols, producers: producers, ruleNames: Set(compiled.map(\.name)),
                                      usedLexicons: &usedLexicons)
        // Lexicons whose hits some rule reads (pattern atoms, lookarounds,
        // contexts, except lists, post rules and linking); the others (score
        // models, \p{} classes) are never looked up per position, so the
        // cascade does not keep their hits.
        let hitLexicons = usedLexicons
        usedLexicons.formUnion(scoreLexicons)
        usedLexicons.formUnion(symbols.classLexicons)
        for lexicon in lexicons where !usedLexicons.contains(lexicon.name) {
            report(.unusedLexicon, lexicon.files[0], 1, 1,
                   "lexicon '\(lexicon.name)' is not referenced by any rule ({\(lexicon.name)} in a pattern or except list)")
        }
        compiled.sort { ($0.phaseIndex, $0.pack) < ($1.phaseIndex, $1.pack) }
        // The automaton moves into the rule set, which adds the gate's strings
        // to it: left here too, those insertions would copy every table (for
        // a million-entry lexicon, hundreds of megabytes at the peak).
        var moved = LexiconAutomaton()
        swap(&moved, &automaton)
        var ruleSet = RuleSet(labels: labels, phases: phases, rules: compiled, lexicons: lexicons, automaton: consume moved,
                       filters: symbols.filters, diagnostics: diagnostics.filter { !$0.isError }, packs: packs)
        ruleSet.propagatedLabels = propagated
        ruleSet.scoreModels = scoreModels
        ruleSet.postLinker = postLinker
        ruleSet.indexedLexicons = lexicons.map { hitLexicons.contains($0.name) }
        if let resolution { ruleSet.resolution = compileResolution(resolution, rules: compiled) }
        return ruleSet
    }

    /// The known lexicons a rule's pattern, macros expanded where they
    /// can be, context conditions and `except` list write as `{name}` or
    /// `{name:key=value}`, read from the text alone (the pattern may not parse).
    private func namedLexicons(_ rule: Rule) -> Set<String> {
        var texts = [rule.pattern] + rule.exceptions + rule.contexts.map { $0.pattern }
        texts += texts.compactMap { try? MacroExpander.expand($0, macros: macros).get() }
        var names = Set<String>()
        for text in texts {
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                rest = rest[rest.index(after: open)...]
                guard let close = rest.firstIndex(of: "}") else { break }
                let name = String(rest[..<close].prefix { $0 != ":" })
                if lexiconIndex[name] != nil { names.insert(name) }
                rest = rest[rest.index(after: close)...]
            }
        }
        return names
    }

    /// Compiles one rule in place; reports and returns false when it cannot be used.
    private mutating func compileRule(_ rule: inout Rule, symbols: SymbolTable, producers: [String: Set<Int>],
                                      usedLexicons: inout Set<String>) -> Bool {
        let file = rule.location.file
        var patternNode = patternNodes[rule.location]
        let at = patternNode?.location ?? (rule.location.line, rule.location.column)
        var ok = true
        guard let labelID = symbols.labelID(rule.label) else {
            report(.unknownLabel, file, rule.location.line, rule.location.column,
                   "rule '\(rule.name)': unknown label '\(rule.label)' (labels: \(labels.joined(separator: ", ")); add it to pack.yaml)")
            return false
        }
        rule.labelID = labelID
        guard let phaseIndex = phases.firstIndex(of: rule.phase) else {
            report(.unknownPhase, file, rule.location.line, rule.location.column,
                   "rule '\(rule.name)': unknown phase '\(rule.phase)' (phases: \(phases.joined(separator: ", ")); declare it in pack.yaml)")
            return false
        }
        rule.phaseIndex = phaseIndex
        let fold: (UInt32) -> [UInt32] = { [normalizer] in normalizer.fold($0) }
        let tree: PatternNode
        let expanded: String
        switch MacroExpander.expand(rule.pattern, macros: macros, limit: limits.patternLength) {
        case .success(let text): expanded = text
        case .failure(let failure):
            report(failure.isLimit ? .tooLarge : .badPattern, file, at.0, at.1, "rule '\(rule.name)': \(failure.message)")
            return false
        }
        if expanded != rule.pattern { patternNode = nil }  // columns no longer line up
        do {
            tree = try PatternParser.parse(expanded, fold: fold, lexiconClass: symbols.lexiconClass,
                                           maxAlternatives: limits.alternatives)
        } catch {
            let shift = patternNode?.contentColumnShift
            report(error.isLimit ? .tooLarge : .badPattern, file, at.0, shift.map { at.1 + $0 + error.offset } ?? at.1,
                   "rule '\(rule.name)': \(error.message)")
            return false
        }
        var reported = Set<String>()
        for reference in tree.references {
            // A reference repeated by a macro is reported once per rule.
            if !reported.insert("\(reference.kind)\u{0}\(reference.name)").inserted { continue }
            let column = patternNode?.contentColumnShift.map { at.1 + $0 + reference.offset } ?? at.1
            switch reference.kind {
            case .lexicon:
                if lexiconIndex[reference.name] == nil {
                    report(.undefinedLexicon, file, at.0, column,
                           "rule '\(rule.name)': undefined lexicon '{\(reference.name)}' (no lexicons/\(reference.name).txt in any pack)")
                    ok = false
                } else {
                    usedLexicons.insert(reference.name)
                    rule.referencedLexicons.insert(Int32(lexiconIndex[reference.name]!))
                }
            case .mention:
                guard labels.contains(reference.name) else {
                    report(.unknownLabel, file, at.0, column, "rule '\(rule.name)': unknown label '@\(reference.name)'")
                    ok = false
                    continue
                }
                let phasesProducing = producers[reference.name] ?? []
                if phasesProducing.isEmpty {
                    report(.undefinedReference, file, at.0, column,
                           "rule '\(rule.name)': no rule produces @\(reference.name), so this reference can never match")
                    ok = false
                } else if !phasesProducing.contains(where: { $0 < phaseIndex }) {
                    let where_ = phasesProducing.sorted().map { phases[$0] }.joined(separator: ", ")
                    report(.referenceCycle, file, at.0, column,
                           "rule '\(rule.name)' in phase '\(rule.phase)' refers to @\(reference.name), which only phase(s) \(where_) produce; a rule sees mentions of earlier phases only, so move the producer to an earlier phase")
                    ok = false
                }
            }
        }
        guard ok else { return false }
        do { rule.program = try PatternCompiler.compile(tree, symbols: symbols) } catch {
            report(.badPattern, file, at.0, at.1, "rule '\(rule.name)': \(error.message)")
            return false
        }
        let names = rule.program.captureNames
        func slot(_ capture: String, _ what: String) -> Int? {
            guard let index = names.firstIndex(of: capture) else {
                report(.unknownCapture, file, rule.location.line, rule.location.column,
                       "rule '\(rule.name)': \(what) names capture '\(capture)', but the pattern has \(names.isEmpty ? "no named captures" : "only " + names.joined(separator: ", "))")
                return nil
            }
            return index + 1
        }
        if let mention = rule.mention {
            guard let index = slot(mention, "'mention'") else { return false }
            rule.mentionSlot = index
        }
        for (capture, label) in rule.captures {
            guard let index = slot(capture, "'captures'") else { return false }
            guard let id = symbols.labelID(label) else {
                report(.unknownLabel, file, rule.location.line, rule.location.column,
                       "rule '\(rule.name)': capture '\(capture)' has unknown label '\(label)'")
                return false
            }
            rule.captureSlots.append((index, id))
        }
        for relation in rule.relations {
            guard let subject = slot(relation.subject, "a relation"), let object = slot(relation.object, "a relation") else {
                return false
            }
            rule.relationSlots.append((subject, relation.predicate, object))
        }
        for (key, value) in rule.attributes {
            let parts = Self.attributeParts(value)
            for case .capture(let name) in parts where slot(name, "attribute '\(key)'") == nil { return false }
            rule.attributeTemplates.append((key, parts.map { part in
                switch part {
                case .text(let text): return .text(text)
                case .capture(let name): return .capture(names.firstIndex(of: name)! + 1)
                }
            }))
            continue
        }
        for exception in rule.exceptions {
            if exception.hasPrefix("{"), exception.hasSuffix("}") {
                let name = String(exception.dropFirst().dropLast())
                guard let id = lexiconIndex[name] else {
                    report(.undefinedLexicon, file, rule.location.line, rule.location.column,
                           "rule '\(rule.name)': 'except' names undefined lexicon '\(exception)'")
                    return false
                }
                usedLexicons.insert(name)
                rule.exceptionLexicons.insert(Int32(id))
            } else {
                rule.exceptionKeys.insert(normalizer.normalize(exception))
            }
        }
        for (capture, expression) in rule.pinyinConditions {
            guard let index = slot(capture, "'pinyin'") else { return false }
            guard let compiled = try? NSRegularExpression(pattern: expression) else {
                report(.badPattern, file, rule.location.line, rule.location.column,
                       "rule '\(rule.name)': 'pinyin' condition for '\(capture)' is not a valid regular expression: \(expression)")
                return false
            }
            rule.pinyinChecks.append((index, compiled, expression))
        }
        if let condition = rule.scoreCondition {
            guard let model = scoreModels.firstIndex(where: { $0.name == condition.model }) else {
                report(.wrongType, condition.location.file, condition.location.line, condition.location.column,
                       "rule '\(rule.name)': 'score' names model '\(condition.model)', which pack.yaml's 'scores' does not define")
                return false
            }
            var scored: Int?
            if let capture = condition.capture {
                guard let index = slot(capture, "'score'") else { return false }
                scored = index
            }
            rule.scoreCheck = ScoreCheck(model: model, slot: scored, minimum: condition.minimum)
        }
        for (key, pattern) in rule.contexts {
            let node = contextNodes[rule.location]?[key]
            let where_ = node?.location ?? (rule.location.line, rule.location.column)
            do {
                let body = try MacroExpander.expand(pattern, macros: macros, limit: limits.patternLength).get()
                let context = try PatternParser.parse(body, fold: fold, lexiconClass: symbols.lexiconClass,
                                                      maxAlternatives: limits.alternatives)
                if !context.captureNames.isEmpty {
                    throw PatternSyntaxError(offset: 0, message: "captures are not allowed in '\(key)'")
                }
                for reference in context.references where reference.kind == .lexicon {
                    usedLexicons.insert(reference.name)
                }
                let atEnd = key.hasSuffix("after")
                let program = try PatternCompiler.compile(context, symbols: symbols, backward: !atEnd)
                rule.contextChecks.append((program, atEnd, key.hasPrefix("not_")))
            } catch let error as PatternSyntaxError {
                report(error.isLimit ? .tooLarge : .badPattern, file, where_.0, where_.1,
                       "rule '\(rule.name)', '\(key)': \(error.message)")
                return false
            } catch let error as PatternCompileError {
                report(.badPattern, file, where_.0, where_.1, "rule '\(rule.name)', '\(key)': \(error.message)")
                return false
            } catch {
                return false
            }
        }
        for example in rule.examples {
            for (_, label) in example.expected where !labels.contains(label) {
                report(.badExample, example.location.file, example.location.line, example.location.column,
                       "rule '\(rule.name)': example expects unknown label '\(label)'")
            }
        }
        return true
    }

    /// Checks `resolve:` against the labels and rules that exist, and turns
    /// its weak rule names into rule numbers.
    private mutating func compileResolution(_ configuration: EntityResolution.Configuration, rules: [Rule]) -> EntityResolution? {
        let at = configuration.location
        for label in configuration.labels + [configuration.prefer, configuration.fallback].compactMap({ $0 }) where !labels.contains(label) {
            report(.unknownLabel, at.file, at.line, at.column, "'resolve' names unknown label '\(label)'")
            return nil
        }
        var weak = Set<Int>()
        for name in configuration.weakRules.sorted() {
            guard let index = rules.firstIndex(where: { $0.name == name }) else {
                report(.unknownDisable, at.file, at.line, at.column, "'resolve.weak' names no rule '\(name)'")
                continue
            }
            weak.insert(index)
        }
        guard configuration.labels.count > 1 else { return nil }
        return EntityResolution(configuration: configuration, weakRules: weak)
    }

    enum TemplatePart { case text(String), capture(String) }

    /// Splits an attribute value at `$capture` references.
    static func attributeParts(_ template: String) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var text = ""
        var scalars = Array(template.unicodeScalars)[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "$", let next = scalars.first, next.properties.isAlphabetic || next == "_" else {
                text.unicodeScalars.append(first)
                continue
            }
            var name = ""
            while let c = scalars.first, c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
                name.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
            if !text.isEmpty { parts.append(.text(text)); text = "" }
            parts.append(.capture(name))
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }
}
