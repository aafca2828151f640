public import Foundation

/// What one run of a process (usually the built `thidua`) printed, and how it ended.
public struct Run: Sendable {
    /// The exit status (or the signal number when `crashed`).
    public var status: Int32
    /// Everything written to standard output, decoded as UTF-8.
    public var stdout: String
    /// Everything written to standard error, decoded as UTF-8.
    public var stderr: String
    /// Whether the process ended by a signal (a crash), not an exit.
    public var crashed: Bool

    /// A run that ended with `status` after printing `stdout` and `stderr`.
    public init(status: Int32, stdout: String, stderr: String, crashed: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.crashed = crashed
    }

    /// The lines of standard output.
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// This run when it exited with status 0; otherwise a ``TestFailure`` that names the command
    /// (`thidua arguments…`) and shows what it printed.
    @discardableResult
    public func requireSuccess(_ arguments: [String]) throws -> Run {
        guard status == 0 else {
            throw TestFailure("thidua \(arguments.joined(separator: " ")) exited \(status):\n\(stdout)\(stderr)")
        }
        return self
    }

    /// Where a run's standard output and error go while it runs.
    public enum Capture: Sendable {
        /// Pipes, both read to the end before waiting so that a large output cannot block the child.
        case pipes
        /// Temporary files, removed afterwards: a long-lived grandchild (a test server started
        /// meanwhile by another test) that inherits pipe ends would keep them open.
        case files
    }

    /// Starts `process`, waits for it to end and returns what it printed.
    public static func capture(_ process: Process, through capture: Capture = .pipes) throws -> Run {
        switch capture {
        case .pipes:
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal)
        case .files:
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-run-\(UUID().uuidString)")
            let outURL = base.appendingPathExtension("out")
            let errURL = base.appendingPathExtension("err")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
            return Run(
                status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                crashed: process.terminationReason == .uncaughtSignal)
        }
    }
}
