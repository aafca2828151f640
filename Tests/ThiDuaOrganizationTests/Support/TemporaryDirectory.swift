import Foundation
import Testing

/// A configuration directory under `/tmp/thidua-tests-<UUID>`, removed when the test's body ends.
struct TemporaryDirectory {
    let path: String

    /// `path/relative`.
    func file(_ relative: String) -> String {
        path + "/" + relative
    }

    /// Writes UTF-8 `text` to `relative`, creating parent directories.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to `relative`, creating parent directories.
    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: file(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

/// Runs `body` with a fresh empty directory and removes the directory afterwards.
func withTemporaryDirectory<Result>(_ body: (TemporaryDirectory) throws -> Result) throws -> Result {
    let path = "/tmp/thidua-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(TemporaryDirectory(path: path))
}
