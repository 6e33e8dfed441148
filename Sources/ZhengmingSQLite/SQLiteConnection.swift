import CSQLite

/// A SQLite database file, through SQLite's C API: every `sqlite3_*` call of
/// the project is in this file.
///
/// Statements are prepared once and reused (`SQLiteStatement`); text is
/// bound as UTF-8 and copied by SQLite (`SQLITE_TRANSIENT`). Not thread-safe:
/// one connection per writer, which is how `PostDatabase` uses it.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String

    init(path: String) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(path: path, message: message)
        }
        sqlite3_busy_timeout(handle, 5_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw SQLiteError(path: path, message: message)
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteError(path: path, message: "\(lastError) in: \(sql)")
        }
        return SQLiteStatement(statement, connection: self)
    }

    var lastError: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "no database" }

    /// The single integer a query returns (nil when it returns no row).
    func integer(_ sql: String) throws -> Int? {
        let statement = try prepare(sql)
        return try statement.step() ? statement.integer(at: 0) : nil
    }
}

/// A prepared statement: bind, step, reset, reuse.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    /// `SQLITE_TRANSIENT`, which the C macro defines as a cast of -1.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds values to the parameters `?1…?n` in order: strings, integers, nil.
    func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .integer(let number): code = sqlite3_bind_int64(statement, index, Int64(number))
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw SQLiteError(path: connection.path, message: connection.lastError) }
        }
    }

    /// Runs the statement to completion (no rows expected).
    func run(_ values: [SQLiteValue] = []) throws {
        try bind(values)
        while try step() {}
    }

    /// One step: true while a row is available.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(path: connection.path, message: connection.lastError)
        }
    }

    var columnCount: Int32 { sqlite3_column_count(statement) }

    func integer(at column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func text(at column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }
}

enum SQLiteValue {
    case text(String)
    case integer(Int)
    case null

    init(_ text: String?) { self = text.map(SQLiteValue.text) ?? .null }
    init(_ number: Int?) { self = number.map(SQLiteValue.integer) ?? .null }
}

/// A database that could not be opened, read or written.
public struct SQLiteError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}
