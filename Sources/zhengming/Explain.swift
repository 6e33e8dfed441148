import ArgumentParser
import Foundation
import Zhengming

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which rule, phase and pattern produced each mention, and which candidates lost and why.")

    @Argument(help: "The text to explain (or use --file).")
    var text: String?

    @Option(name: .shortAndLong, help: "Explain the first document of this file instead.")
    var file: String?

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let ruleSet = try rules.load()
        let document: Document
        if let file {
            let stream = DocumentStream(paths: [file])
            guard case .document(let first)? = stream.next() else { throw CLIError("\(file): no readable document") }
            document = first
        } else if let text {
            document = Document(id: "explain", text: text)
        } else {
            throw ValidationError("give a TEXT or --file PATH")
        }
        let annotated = try Annotator(rules: ruleSet, pinyin: nil).annotate(document, explain: true)
        func describe(_ mention: Mention) -> String {
            "[\(mention.start),\(mention.end)) \(mention.label) '\(annotated.text(mention.start..<mention.end))'"
        }
        func origin(_ mention: Mention) -> String {
            guard let rule = ruleSet.rule(named: mention.rule) else { return "rule \(mention.rule)" }
            return "rule \(rule.name) (phase \(rule.phase), priority \(rule.priority), \(rule.location))\n      pattern: \(rule.pattern)"
        }
        Console.print("Mentions (flat layer):")
        for mention in annotated.mentions {
            Console.print("  \(describe(mention)) ← \(origin(mention))")
            if !mention.attributes.isEmpty {
                Console.print("      attrs: " + mention.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
        }
        if annotated.mentions.isEmpty { Console.print("  (none)") }
        if !annotated.losers.isEmpty {
            Console.print("Candidates that lost:")
            for loser in annotated.losers {
                let why: String
                switch loser.reason {
                case .lostInPhase(let winner): why = "lost in phase \(loser.mention.phase) to \(describe(winner)) from \(winner.rule) (priority, then length, then position)"
                case .lostInFlatLayer(let winner): why = "kept in the nested layer; lost in the flat layer to \(describe(winner)) from \(winner.rule)"
                case .exception(let text): why = "rejected: '\(text)' is in the rule's except list"
                case .context(let condition): why = "rejected by context condition \(condition)"
                }
                Console.print("  \(describe(loser.mention)) from \(loser.mention.rule): \(why)")
            }
        }
        if !annotated.resolutions.isEmpty {
            Console.print("Names resolved document-wide (resolve: in pack.yaml):")
            for name in annotated.resolutions {
                let why: String
                if let first = name.evidence.first {
                    let others = name.evidence.count > 1 ? " and \(name.evidence.count - 1) more" : ""
                    why = "evidence: \(first.label) from \(first.rule) at \(first.start)\(others)"
                } else if !name.surnameOf.isEmpty {
                    why = "a bare surname of \(name.surnameOf.joined(separator: ", "))"
                } else if let first = name.listEvidence.first {
                    why = "no evidence of its own; listed with a \(first.label) (\(first.rule) at \(first.start))"
                } else if name.byDefault {
                    why = "no evidence; the label most names of the document have"
                } else {
                    why = "no evidence; label kept"
                }
                Console.print("  \(name.text) → \(name.label): \(name.mentions) mention(s), \(name.relabelled) relabelled; \(why)")
            }
        }
        if annotated.postsLinked { explainPosts(annotated, ruleSet: ruleSet) }
        if !annotated.relations.isEmpty {
            Console.print("Relations:")
            for relation in annotated.relations {
                Console.print("  \(annotated.text(relation.subject)) \(relation.predicate) \(annotated.text(relation.object))  [\(relation.rule)]")
            }
        }
    }
}

extension Explain {
    /// Each record with the post rule that linked it, what the rule matched,
    /// how the organ was found and what set the status.
    func explainPosts(_ annotated: AnnotatedDocument, ruleSet: RuleSet) {
        Console.print("Posts (who holds what):")
        if annotated.posts.isEmpty { Console.print("  (none: no post rule linked a holder and a title)") }
        let rules = ruleSet.postLinker?.rules ?? []
        for post in annotated.posts {
            let official = annotated.text(post.official)
            let where_ = rules.first { $0.name == post.rule }.map { "\($0.location)" } ?? ""
            Console.print("  \(official) [\(post.official.lowerBound),\(post.official.upperBound)) holds '\(post.post)', \(post.status.rawValue) ← post rule \(post.rule) (\(where_))")
            let organ: String
            if let range = post.organ {
                let shared = range.upperBound != post.title.lowerBound
                organ = "organ '\(annotated.text(range))'" + (shared ? " (written before the list, shared by this title)" : "")
            } else {
                organ = "no organ" + (post.place.map { "; place '\(annotated.text($0))'" } ?? "")
            }
            let status = post.cue.map { "status from cue '\(annotated.text($0))'" } ?? "status: the rule's default"
            let resolved = post.resolved.map { "; resolved '\($0)'" } ?? ""
            Console.print("      matched '\(annotated.text(post.match))' [\(post.match.lowerBound),\(post.match.upperBound)); title '\(annotated.text(post.title))', \(organ)\(resolved); \(status)")
        }
        if !annotated.postLosers.isEmpty {
            Console.print("Post matches that lost (a title goes to one reading: priority, then length, then position):")
            for loser in annotated.postLosers {
                Console.print("  '\(annotated.text(loser.match))' [\(loser.match.lowerBound),\(loser.match.upperBound)) from \(loser.rule): lost to '\(annotated.text(loser.winnerMatch))' from \(loser.winner)")
            }
        }
    }
}
