/// The two-phase rule pack of the export tests, library and command line
/// alike: `loc.lexicon` finds 湖南省 in phase `lexical`, and `organ.party`
/// finds 湖南省委 in phase `organs` at a higher priority, so the place loses
/// in the flat layer and the two rules conflict. Paths are relative to the
/// pack directory.
public enum ExportTestPack {
    public static let files: [String: String] = [
        "pack.yaml": "name: export-test\nlabels: [LOC, ORGAN, TITLE, PERSON]\nphases: [lexical, organs]\n",
        "lexicons/places.txt": "湖南省\n北京市\n长沙市\n",
        "lexical.yaml": """
            phase: lexical
            priority: 10
            rules:
              - name: loc.lexicon
                label: LOC
                pattern: '{places}'
              - name: title.post
                label: TITLE
                pattern: '书记|市长'
              - name: person.known
                label: PERSON
                pattern: '杜家毫|张三'
            """,
        "organs.yaml": """
            phase: organs
            label: ORGAN
            priority: 30
            rules:
              - name: organ.party
                pattern: '(?:@LOC)委'
            """,
    ]
}
