#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input files under a directory: `*.txt` and `*.jsonl` (not gold
/// files, not hidden), recursively, in sorted path order, regular
/// files only.
///
/// Only regular files are read, because only they are sure to end: a FIFO
/// or a device named `x.txt` in a corpus directory would block the run (or
/// never finish) and the good files after it would never come out. Such
/// entries, and symbolic links whose target is missing, are reported
/// instead of skipped silently. A link to a regular file is followed; a
/// link to a directory is not (it could loop). Entries whose identity is in
/// `skipping` (a command's own output directory or file inside an input
/// directory) are left out and reported once.
struct DirectoryWalk {
    /// What the walk found besides files, in path order.
    enum Problem: Equatable {
        case notRegular(path: String, kind: String)
        case danglingLink(path: String)
        case unreadableDirectory(path: String, reason: String)
        case skippedOutput(path: String)
    }

    private(set) var files: [String] = []
    private(set) var problems: [Problem] = []

    init(_ directory: String, skipping: Set<FileIdentity> = []) {
        walk(directory, skipping: skipping)
        files.sort()
    }

    /// Gold files are annotations, not inputs: spans (`*.gold.jsonl`) and
    /// person–post records (`*.posts.jsonl`, Corpus/gold/seeds.posts.jsonl).
    static func isGoldFile(_ name: String) -> Bool {
        name.hasSuffix(".gold.jsonl") || name.hasSuffix(".posts.jsonl")
    }

    static func isInputName(_ name: String) -> Bool {
        guard !name.hasPrefix(".") else { return false }
        return name.hasSuffix(".txt") || (name.hasSuffix(".jsonl") && !isGoldFile(name))
    }

    private mutating func walk(_ directory: String, skipping: Set<FileIdentity>) {
        guard let handle = opendir(directory) else {
            problems.append(.unreadableDirectory(path: directory, reason: String(cString: strerror(errno))))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR {
                if skipping.contains(FileIdentity(status)) { problems.append(.skippedOutput(path: path)); continue }
                walk(path, skipping: skipping)
                continue
            }
            guard Self.isInputName(name) else { continue }
            var target = status
            if type == S_IFLNK {
                guard stat(path, &target) == 0 else { problems.append(.danglingLink(path: path)); continue }
                if (target.st_mode & S_IFMT) == S_IFDIR { continue }
            }
            guard (target.st_mode & S_IFMT) == S_IFREG else {
                problems.append(.notRegular(path: path, kind: Self.kind(of: target.st_mode)))
                continue
            }
            if skipping.contains(FileIdentity(target)) { problems.append(.skippedOutput(path: path)); continue }
            files.append(path)
        }
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        default: return "not a regular file"
        }
    }
}
