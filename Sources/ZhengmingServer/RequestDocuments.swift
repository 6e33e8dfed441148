import Zhengming

/// The documents of a `POST /annotate` or `POST /explain` body:
///
/// - `text/plain`: the body is one document, id `1`;
/// - JSON `{"text": …, "id"?: …, …}`: one document;
/// - JSON `{"documents": [{"text": …, "id"?: …, …}, …]}`: several, ids
///   defaulting to their position from 1.
///
/// A document object is read as a JSONL line is (`JSONObjectScanner`): its
/// other fields are kept as raw JSON and written back, so an answer is
/// byte-identical to `annotate --format jsonl` on the same records.
enum RequestDocuments {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ body: [UInt8], contentType: String?) throws(Invalid) -> [Document] {
        let type = contentType?.lowercased() ?? ""
        let isJSON = type.contains("json") || (!type.hasPrefix("text/plain") && firstNonSpace(body) == UInt8(ascii: "{"))
        guard isJSON else {
            guard let text = String(validating: body, as: UTF8.self) else {
                throw Invalid(description: "the body is not valid UTF-8 text")
            }
            return [Document(id: "1", text: text, origin: "request")]
        }
        let fields: [JSONObjectScanner.Field]
        do { fields = try JSONObjectScanner.fields(of: body) } catch {
            throw Invalid(description: "malformed JSON: \(error.description)")
        }
        if let documents = fields.first(where: { $0.key == "documents" }) {
            let elements: [ArraySlice<UInt8>]
            do { elements = try JSONObjectScanner.elements(ofArray: Array(documents.rawValue.utf8)) } catch {
                throw Invalid(description: "\"documents\" must be an array of objects: \(error.description)")
            }
            var result: [Document] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                let fields: [JSONObjectScanner.Field]
                do { fields = try JSONObjectScanner.fields(of: Array(element)) } catch {
                    throw Invalid(description: "documents[\(index)] is not an object: \(error.description)")
                }
                result.append(try document(fields, position: index + 1, name: "documents[\(index)]"))
            }
            return result
        }
        return [try document(fields, position: 1, name: "the body")]
    }

    private static func document(_ fields: [JSONObjectScanner.Field], position: Int, name: String) throws(Invalid) -> Document {
        guard let text = fields.last(where: { $0.key == "text" })?.string else {
            throw Invalid(description: "\(name) has no \"text\" string (send {\"text\": …} or {\"documents\": [{\"text\": …}]})")
        }
        let idField = fields.last { $0.key == "id" }
        let id = idField.map { $0.string ?? $0.rawValue } ?? String(position)
        return Document(fields: fields.filter { $0.key != "documents" }, text: text, id: id, origin: "request:\(name)")
    }

    private static func firstNonSpace(_ bytes: [UInt8]) -> UInt8? {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }
}
