public import Foundation

/// A temporary directory `<tmp>/<prefix>-<UUID>`, removed when the object is released.
public final class TemporaryDirectory {
    /// Where the directory is.
    public let url: URL

    /// Creates the directory `<tmp>/<prefix>-<UUID>`.
    public init(prefix: String) throws {
        url = try Thidua.makeTemporaryDirectory(prefix: prefix)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` (UTF-8) to `path` inside the directory, creating folders.
    @discardableResult
    public func write(_ path: String, _ text: String) throws -> URL {
        try write(path, Data(text.utf8))
    }

    /// Writes `data` to `path` inside the directory, creating folders.
    @discardableResult
    public func write(_ path: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    /// The path of `relative` inside the directory.
    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
}
