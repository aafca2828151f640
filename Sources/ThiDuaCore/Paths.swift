#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small path helpers without Foundation (so that `thidua --help` stays fast).
public enum Paths {
    /// `base/path`, or `path` when it is absolute; `./` prefixes are dropped for readable messages.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        var directory = Substring(base)
        while directory.hasPrefix("./"), directory.count > 2 { directory = directory.dropFirst(2) }
        if directory.isEmpty || directory == "." || directory == "./" { return String(relative) }
        if directory.hasSuffix("/") { return String(directory) + relative }
        return String(directory) + "/" + relative
    }

    /// What kind of thing is at `path`.
    public enum Kind: Sendable {
        /// Nothing is there.
        case missing
        /// A regular file.
        case file
        /// A directory.
        case directory
        /// Something else (a socket, a device …).
        case other
    }

    /// What is at `path`, without following a missing target as an error.
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Creates `path` and its parents, like `mkdir -p`.
    public static func createDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
            if kind(of: current) == .directory { continue }
            if mkdir(current, 0o755) != 0 {
                let code = errno
                // EEXIST is fine only when what exists is a directory (made meanwhile by someone else).
                if code == EEXIST, kind(of: current) == .directory { continue }
                throw ModuleError("cannot create the directory '\(current)': \(String(cString: strerror(code)))")
            }
        }
    }
}
