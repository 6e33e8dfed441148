import Yams

/// Small conveniences over Yams' node tree, which keeps the line and column
/// of every node: all the diagnostics of a rule file point into it.
extension Node {
    var location: (line: Int, column: Int) {
        (mark?.line ?? 1, mark?.column ?? 1)
    }

    /// The pairs of a mapping with string keys, in file order.
    var stringKeyedPairs: [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { ($0.key.string ?? "", $0.key, $0.value) }
    }

    var sequenceItems: [Node]? {
        guard case .sequence(let sequence) = self else { return nil }
        return Array(sequence)
    }

    /// Scalar text, also for numbers and booleans.
    var scalarText: String? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar.string
    }

    /// Offset of a scalar's first character from its mark, for pointing into
    /// a pattern: one for quoted scalars, zero for plain ones, unknown (nil)
    /// for block scalars that span lines.
    var contentColumnShift: Int? {
        guard case .scalar(let scalar) = self else { return nil }
        switch scalar.style {
        case .plain: return 0
        case .singleQuoted, .doubleQuoted: return 1
        default: return nil
        }
    }
}
