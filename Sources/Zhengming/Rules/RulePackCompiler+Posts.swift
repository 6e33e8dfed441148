import Yams

extension LoaderState {
    /// Compiles the post rules and the `linking:` settings into the linker;
    /// nil when the pack stack has no post rules. Problems are reported as
    /// diagnostics like every other rule's.
    mutating func compilePosts(symbols: SymbolTable, producers: [String: Set<Int>], ruleNames: Set<String>,
                               usedLexicons: inout Set<String>) -> PostLinker? {
        let linking = postLinking ?? PostLinkingDefinition(location: SourceLocation(file: "pack.yaml", line: 1, column: 1))
        var compiled: [PostRule] = []
        for definition in postDefinitions {
            if ruleNames.contains(definition.name) {
                report(.duplicateRule, definition.location.file, definition.location.line, definition.location.column,
                       "post rule '\(definition.name)' has the name of a mention rule; records name their rule, so names must differ")
                continue
            }
            if let rule = compilePostRule(definition, symbols: symbols, producers: producers, usedLexicons: &usedLexicons) {
                compiled.append(rule)
            }
        }
        guard !compiled.isEmpty || postLinking != nil else { return nil }
        let at = linking.location
        var roles = [UInt8](repeating: 0, count: labels.count)
        for (list, role) in [(linking.holders, PostLinker.Role.holder), (linking.organs, .organ),
                             (linking.titles, .title), (linking.places, .place)] {
            for label in list {
                guard let id = symbols.labelID(label) else {
                    report(.unknownLabel, at.file, at.line, at.column,
                           "'linking' names unknown label '\(label)' (labels: \(labels.joined(separator: ", ")))")
                    continue
                }
                roles[Int(id)] |= role.rawValue
            }
        }
        var cueLexicon: Int32 = -1
        var cueStatus: [PostStatus?] = []
        if let name = linking.cues, let lexicon = linkedLexicon(name, key: "cues", at: at, usedLexicons: &usedLexicons) {
            cueLexicon = Int32(lexicon)
            cueStatus = lexicons[lexicon].entries.map { entry in
                guard let value = entry.attribute("status"), let status = PostStatus(rawValue: value) else {
                    report(.postStatus, lexicons[lexicon].files[entry.file], entry.line, 1,
                           "cue '\(entry.text)' needs status=\(PostStatus.allCases.map(\.rawValue).joined(separator: "|"))")
                    return nil
                }
                return status
            }
        }
        var hosts: [[UInt32]: [[UInt32]]] = [:]
        if let name = linking.hosts, let lexicon = linkedLexicon(name, key: "hosts", at: at, usedLexicons: &usedLexicons) {
            for entry in lexicons[lexicon].entries {
                let endings = entry.attributes.filter { $0.key == "host" && !$0.value.isEmpty }.map { normalizer.normalize($0.value) }
                if endings.isEmpty {
                    report(.postLinking, lexicons[lexicon].files[entry.file], entry.line, 1,
                           "'\(entry.text)' needs host=ORGAN-ENDING (the end of an organ that holds this post, e.g. host=政府)")
                }
                hosts[normalizer.normalize(entry.text), default: []] += endings
            }
        }
        var elliptical: [[UInt32]: Int] = [:]
        if let name = linking.elliptical,
           let lexicon = linkedLexicon(name, key: "elliptical", at: at, usedLexicons: &usedLexicons) {
            for entry in lexicons[lexicon].entries {
                let key = normalizer.normalize(entry.text)
                guard let level = entry.attribute("level").map(normalizer.normalize), !level.isEmpty,
                      level.count < key.count, key.starts(with: level) else {
                    report(.postLinking, lexicons[lexicon].files[entry.file], entry.line, 1,
                           "'\(entry.text)' needs level=LEVEL, the level word it begins with (省委 level=省)")
                    continue
                }
                elliptical[key] = level.count
            }
        }
        var offices = Set<[UInt32]>()
        if let name = linking.offices, let lexicon = linkedLexicon(name, key: "offices", at: at, usedLexicons: &usedLexicons) {
            for entry in lexicons[lexicon].entries { offices.insert(normalizer.normalize(entry.text)) }
        }
        return PostLinker(rules: compiled, roles: roles, cueLexicon: cueLexicon, cueStatus: cueStatus,
                          standalone: linking.standalone, hosts: hosts, elliptical: elliptical,
                          ellipticalLengths: Set(elliptical.keys.map(\.count)).sorted(by: >), offices: offices,
                          dispatch: PhaseDispatch(compiled.map(\.program)))
    }

    private mutating func linkedLexicon(_ name: String, key: String, at: SourceLocation,
                                        usedLexicons: inout Set<String>) -> Int? {
        guard let index = lexiconIndex[name] else {
            report(.undefinedLexicon, at.file, at.line, at.column,
                   "'linking.\(key)' names undefined lexicon '\(name)' (no lexicons/\(name).txt in any pack)")
            return nil
        }
        usedLexicons.insert(name)
        return index
    }

    private mutating func compilePostRule(_ definition: PostRuleDefinition, symbols: SymbolTable,
                                          producers: [String: Set<Int>], usedLexicons: inout Set<String>) -> PostRule? {
        let file = definition.location.file
        var patternNode = definition.patternNode
        let at = patternNode?.location ?? (definition.location.line, definition.location.column)
        let expanded: String
        switch MacroExpander.expand(definition.pattern, macros: macros, limit: limits.patternLength) {
        case .success(let text): expanded = text
        case .failure(let failure):
            report(failure.isLimit ? .tooLarge : .badPattern, file, at.0, at.1, "post rule '\(definition.name)': \(failure.message)")
            return nil
        }
        if expanded != definition.pattern { patternNode = nil }
        let tree: PatternNode
        do {
            tree = try PatternParser.parse(expanded, fold: { [normalizer] in normalizer.fold($0) },
                                           maxAlternatives: limits.alternatives)
        } catch {
            let shift = patternNode?.contentColumnShift
            report(error.isLimit ? .tooLarge : .badPattern, file, at.0, shift.map { at.1 + $0 + error.offset } ?? at.1,
                   "post rule '\(definition.name)': \(error.message)")
            return nil
        }
        var ok = true
        var reported = Set<String>()
        for reference in tree.references where reported.insert("\(reference.kind)\u{0}\(reference.name)").inserted {
            let column = patternNode?.contentColumnShift.map { at.1 + $0 + reference.offset } ?? at.1
            switch reference.kind {
            case .lexicon:
                if lexiconIndex[reference.name] == nil {
                    report(.undefinedLexicon, file, at.0, column,
                           "post rule '\(definition.name)': undefined lexicon '{\(reference.name)}' (no lexicons/\(reference.name).txt in any pack)")
                    ok = false
                } else {
                    usedLexicons.insert(reference.name)
                }
            case .mention:
                if !labels.contains(reference.name) {
                    report(.unknownLabel, file, at.0, column, "post rule '\(definition.name)': unknown label '@\(reference.name)'")
                    ok = false
                } else if producers[reference.name, default: []].isEmpty {
                    report(.undefinedReference, file, at.0, column,
                           "post rule '\(definition.name)': no rule produces @\(reference.name), so this reference can never match")
                    ok = false
                }
            }
        }
        guard ok else { return nil }
        var rule = PostRule(name: definition.name, pattern: definition.pattern, priority: definition.priority,
                            status: definition.status, description: definition.description,
                            examples: definition.examples, location: definition.location, pack: definition.pack)
        do { rule.program = try PatternCompiler.compile(tree, symbols: symbols) } catch {
            report(.badPattern, file, at.0, at.1, "post rule '\(definition.name)': \(error.message)")
            return nil
        }
        let names = rule.program.captureNames
        for name in names where !PostRule.roles.contains(name) {
            report(.postRole, file, at.0, at.1,
                   "post rule '\(definition.name)': capture '\(name)' is no role (roles: \(PostRule.roles.joined(separator: ", ")); group with (?:…))")
            ok = false
        }
        func slot(_ role: String) -> Int? { names.firstIndex(of: role).map { $0 + 1 } }
        rule.holdersSlot = slot("holders")
        rule.antecedentSlot = slot("antecedent")
        rule.cueSlot = slot("cue")
        if let posts = slot("posts") { rule.postsSlot = posts } else {
            report(.postRole, file, at.0, at.1, "post rule '\(definition.name)' has no (?<posts>…) capture: the post list it links")
            ok = false
        }
        if rule.holdersSlot == nil && rule.antecedentSlot == nil {
            report(.postRole, file, at.0, at.1,
                   "post rule '\(definition.name)' has neither (?<holders>…) nor (?<antecedent>…): whom the posts are given to")
            ok = false
        }
        return ok ? rule : nil
    }
}
