import Foundation
import Testing
import ThiDuaTestSupport

// The package root, the built `thidua`, runs and temporary directories come from ThiDuaTestSupport.

extension Run {
    /// The `: error: ` lines of standard output and error.
    var errorLines: [String] { (stdout + stderr).split(separator: "\n").map(String.init).filter { $0.contains(": error: ") } }
}

extension TemporaryDirectory {
    /// A temporary configuration directory for the command-line tests.
    convenience init() throws { try self.init(prefix: "thidua-cli") }
}
