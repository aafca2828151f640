#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files written whole or not at all: to a temporary file in the same directory, synced, then
/// renamed over the target. A process killed half-way leaves at most a `.tmp-…` file, never a
/// truncated target.
public enum AtomicFile {
    /// Writes `bytes` to `path` (its directory is created when missing), replacing any file there.
    public static func write(_ bytes: [UInt8], to path: String) throws(AtomicFileError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if !directory.isEmpty, Paths.kind(of: directory) == .missing {
            do { try Paths.createDirectory(directory) } catch { throw AtomicFileError(path: path, reason: "\(error)") }
        }
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".tmp-\(getpid())-\(name)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, reason: String(cString: strerror(errno))) }
        if let failure = writeAll(descriptor, bytes) {
            close(descriptor)
            unlink(temporary)
            throw AtomicFileError(path: path, reason: String(cString: strerror(failure)))
        }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws(AtomicFileError) {
        try write(Array(text.utf8), to: path)
    }
}

/// A file could not be written.
public struct AtomicFileError: Error, CustomStringConvertible, Sendable {
    /// The file that could not be written.
    public var path: String
    /// Why, as the system said it (`No space left on device`, …).
    public var reason: String

    /// The failure to write `path`, because of `reason`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot write 'PATH': REASON`.
    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Writes all of `bytes` to `descriptor`, going on after short writes and interruptions.
/// Returns nil, or the `errno` of the failure.
public func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        if written == 0 { return EIO }
        offset += written
    }
    return nil
}

/// Writes `line` and a line break to standard error.
public func printToStandardError(_ line: String) {
    _ = writeAll(2, Array((line + "\n").utf8))
}
