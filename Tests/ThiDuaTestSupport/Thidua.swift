public import Foundation

/// The package and its built `thidua` executable, as the test targets find and run them.
public enum Thidua {
    /// The package root: the nearest directory above this file that holds Package.swift.
    public static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/",
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path)
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    /// The example configuration, `config/` in the package root.
    public static var exampleConfiguration: URL { packageRoot.appendingPathComponent("config") }

    /// `thidua` next to the test bundle in the build directory (or in `.build/debug`).
    public static var executable: URL {
        get throws {
            var directory = Bundle.main.bundleURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("thidua")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            let fallback = packageRoot.appendingPathComponent(".build/debug/thidua")
            if FileManager.default.isExecutableFile(atPath: fallback.path) { return fallback }
            throw TestFailure(
                "the thidua executable was not found next to \(Bundle.main.bundleURL.path); run 'swift build' first")
        }
    }

    /// The process for `thidua arguments…` in `directory` (default: the package root), not started.
    ///
    /// It inherits this process's environment with `environment` applied: a value sets a
    /// variable, `nil` removes it (`["THIDUA_ACTOR": nil]`).
    public static func process(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]) throws
        -> Process
    {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if !environment.isEmpty {
            var variables = ProcessInfo.processInfo.environment
            for (name, value) in environment {
                if let value { variables[name] = value } else { variables.removeValue(forKey: name) }
            }
            process.environment = variables
        }
        return process
    }

    /// Runs `thidua arguments…` in `directory` (default: the package root) to the end; see
    /// ``process(_:in:environment:)`` for `environment`.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:], capture: Run.Capture = .pipes
    ) throws -> Run {
        try Run.capture(process(arguments, in: directory, environment: environment), through: capture)
    }

    /// Creates an empty temporary directory `<tmp>/<prefix>-<UUID>`; the caller removes it.
    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Creates a temporary directory (see ``makeTemporaryDirectory(prefix:)``) holding a copy of
    /// the example configuration as `config/`; the caller removes it.
    public static func makeWorkspace(prefix: String) throws -> URL {
        let url = try makeTemporaryDirectory(prefix: prefix)
        try FileManager.default.copyItem(at: exampleConfiguration, to: url.appendingPathComponent("config"))
        return url
    }

    /// The text of a host file (`config/thidua.yaml`) with only the entries under `modules:` whose
    /// ids are in `ids`: an in-process host refuses modules it does not link, so a test that links
    /// a few modules keeps only theirs.
    public static func hostFile(_ text: String, keepingModules ids: Set<String>) -> String {
        var kept: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let key = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("  "), !line.hasPrefix("   "), key.hasSuffix(":") {
                skipping = !ids.contains(String(key.dropLast()))
            } else if !line.hasPrefix(" "), !line.isEmpty {
                skipping = false
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}
