import Zhengming

/// Checks of an annotated document that hold for any pack and any text:
/// every span (sentence, token, mention, nested mention, relation end) lies
/// inside the text and is not empty; sentences come in order without
/// overlap, tokens in order of their starts.
public func expectSpansInside(_ annotated: AnnotatedDocument) {
    let count = annotated.codePoints.count
    expect(annotated.codePoints == annotated.document.text.unicodeScalars.map(\.value), "code points are not the text's")
    var previous = 0
    for sentence in annotated.sentences {
        expect(sentence.lowerBound >= previous && sentence.upperBound <= count,
               "sentence \(sentence) out of order or outside 0..<\(count)")
        previous = sentence.upperBound
    }
    previous = 0
    for token in annotated.tokens {
        expect(token.start >= previous && token.start < token.end && token.end <= count,
               "token \(token.start)..<\(token.end) out of order, empty or outside 0..<\(count)")
        previous = token.start
    }
    for mention in annotated.mentions + annotated.nested {
        expect(0 <= mention.start && mention.start < mention.end && mention.end <= count,
               "mention \(mention.start)..<\(mention.end) (\(mention.rule)) empty or outside 0..<\(count)")
    }
    for relation in annotated.relations {
        expect(relation.subject.upperBound <= count && relation.object.upperBound <= count && relation.subject.lowerBound >= 0
               && relation.object.lowerBound >= 0, "relation \(relation.rule) outside 0..<\(count)")
    }
}
