@testable import Zhengming

/// The small rule pack the writer tests annotate with: lexicon organs and
/// titles in a first phase, officials after a title in a second one (so that
/// mentions span several ICU tokens), and a relation between them.
enum WriterFixture {
    static let files: [String: String] = [
        "pack.yaml": """
        labels: [OFFICIAL, TITLE, ORGAN, LOC]
        phases: [lexical, people]
        """,
        "lexicons/organs.txt": "巡视组\n湖南省委\n",
        "lexicons/titles.txt": "# posts\n组长\n书记\n",
        "lexicons/places.txt": "湘\tcanonical=湖南省\tlevel=province\n",
        "lexicons/surnames.txt": "王\n杜\n",
        "lexical.yaml": """
        phase: lexical
        rules:
          - name: organ.lexicon
            label: ORGAN
            pattern: '{organs}'
          - name: title.lexicon
            label: TITLE
            pattern: '{titles}'
          - name: loc.lexicon
            label: LOC
            pattern: '{places}'
        """,
        "people.yaml": """
        phase: people
        rules:
          - name: official.after-title
            label: OFFICIAL
            pattern: '(?<title>@TITLE)(?<name>{surnames}\\p{Han}{2})'
            mention: name
            relations: [[name, holds, title]]
        """,
    ]

    /// Two sentences with mentions of one, two and three tokens, traditional
    /// characters, full-width digits, and white space between sentences.
    static let text = "中央第六巡視組組長王榮軍主持会议。\n\n  湖南省委书记杜家毫（２月２２日）到湘西。"

    static func annotate(_ text: String = text, id: String = "doc-1", granularity: Granularity = .token,
                         pinyin: PinyinStyle? = .marks) throws -> AnnotatedDocument {
        try annotate(Document(id: id, text: text), granularity: granularity, pinyin: pinyin)
    }

    static func annotate(_ document: Document, granularity: Granularity = .token,
                         pinyin: PinyinStyle? = .marks) throws -> AnnotatedDocument {
        let pack = try RulePackFixture(files)
        defer { pack.remove() }
        return try Annotator(rules: try pack.load(), pinyin: pinyin).annotate(document, granularity: granularity)
    }
}
