import Foundation
import Testing
import ThiDuaTestSupport

/// A copy of the example `config/` in a temporary directory with its own database.
final class Workspace {
    let url: URL
    /// Extra environment for every run (secrets, THIDUA_NOW …).
    var environment: [String: String] = [:]

    /// Copies `config/`, lets `edit` change it, then runs `thidua init` (unless `initialise` is false).
    init(initialise: Bool = true, edit: (Workspace) throws -> Void = { _ in }) throws {
        url = try Thidua.makeWorkspace(prefix: "thidua-notify")
        try edit(self)
        if initialise { try ok(["init"]) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Replaces `old` (which must be there) in a file of the workspace.
    func replace(_ relative: String, _ old: String, with new: String) throws {
        let text = try read(relative)
        guard text.contains(old) else { throw TestFailure("'\(old)' is not in \(relative)") }
        try write(relative, text.replacingOccurrences(of: old, with: new))
    }

    /// Leaves in config/thidua.yaml only the entries under `modules:` whose ids are in `ids`: an
    /// in-process host refuses modules it does not link, and the modules that also handle the events
    /// these tests publish (the budget checks a decision against its ledger) are not under test here.
    func keepOnlyModules(_ ids: Set<String>) throws {
        try write("config/thidua.yaml", Thidua.hostFile(try read("config/thidua.yaml"), keepingModules: ids))
    }

    /// Replaces the `channels:` section of config/notifications.yaml.
    func channels(_ yaml: String) throws {
        let text = try read("config/notifications.yaml")
        guard let range = text.range(of: "\nchannels:\n") else { throw TestFailure("no channels: section") }
        try write("config/notifications.yaml", String(text[..<range.lowerBound]) + "\nchannels:\n" + yaml)
    }

    /// The process for `thidua arguments…` in the workspace: without the THIDUA_ variables and
    /// secrets of this process's environment, with `environment`.
    func process(_ arguments: [String]) throws -> Process {
        var variables: [String: String?] = [
            "THIDUA_NOW": nil, "THIDUA_ACTOR": nil, "THIDUA_SMTP_PASSWORD": nil, "THIDUA_WEBHOOK_KEY": nil,
        ]
        for (name, value) in environment { variables[name] = .some(value) }
        return try Thidua.process(arguments, in: url, environment: variables)
    }

    /// Runs `thidua arguments…` to the end. Its output goes to files, not pipes: a test server
    /// started meanwhile by another test inherits pipe ends and would keep them open.
    func thidua(_ arguments: [String]) throws -> Run {
        try Run.capture(process(arguments), through: .files)
    }

    @discardableResult
    func ok(_ arguments: [String]) throws -> Run {
        try thidua(arguments).requireSuccess(arguments)
    }

    /// `thidua notify status --format json`: the messages.
    func messages() throws -> [[String: Any]] {
        let run = try ok(["notify", "status", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return json?["messages"] as? [[String: Any]] ?? []
    }

    /// `thidua notify status --format json`: the recipients without an address.
    func unreachable() throws -> [[String: Any]] {
        let run = try ok(["notify", "status", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return json?["unreachable"] as? [[String: Any]] ?? []
    }

    /// The `.eml` files of the outbox.
    func outbox() throws -> [Email] {
        let directory = url.appendingPathComponent(".thidua/outbox")
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try Email(Data(contentsOf: directory.appendingPathComponent($0))) }
    }
}

/// An RFC 5322 message read back: headers unfolded, RFC 2047 words and a base64 body decoded.
struct Email {
    var raw: String
    var headers: [(String, String)] = []
    var body = ""

    init(_ data: Data) throws {
        raw = String(decoding: data, as: UTF8.self)
        guard let split = raw.range(of: "\r\n\r\n") else { throw TestFailure("no blank line after the headers:\n\(raw)") }
        var unfolded: [String] = []
        for line in raw[..<split.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += line
            } else {
                unfolded.append(line)
            }
        }
        for line in unfolded {
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("a header line without a colon: \(line)") }
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        let encoded = raw[split.upperBound...].components(separatedBy: "\r\n").joined()
        guard let decoded = Data(base64Encoded: encoded) else { throw TestFailure("the body is not base64") }
        body = String(decoding: decoded, as: UTF8.self)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }.map { Email.decodeWords($0.1) }
    }

    /// Decodes `=?UTF-8?B?…?=` words; white space between two encoded words disappears.
    static func decodeWords(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        var previousWasEncoded = false
        while let start = rest.range(of: "=?UTF-8?B?") {
            let between = rest[..<start.lowerBound]
            if !(previousWasEncoded && between.allSatisfy(\.isWhitespace)) { output += between }
            guard let end = rest[start.upperBound...].range(of: "?=") else { break }
            let data = Data(base64Encoded: String(rest[start.upperBound..<end.lowerBound])) ?? Data()
            output += String(decoding: data, as: UTF8.self)
            rest = rest[end.upperBound...]
            previousWasEncoded = true
        }
        return output + rest
    }
}

/// A Python test server from Fixtures/, stopped when released.
///
/// Started with posix_spawn (not with Foundation's Process), and the scripts close every
/// descriptor they inherited: a long-lived child holding the descriptors through which
/// Foundation watches other commands end would make those commands seem to run until it stops.
final class TestServer {
    let directory: URL
    let pid: pid_t
    let port: Int

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Fails with a clear message when python3 (with `module`) is missing: CI installs it.
    static func requirePython(module: String?) throws {
        let status = try spawn(["python3", "-c", module.map { "import \($0)" } ?? "pass"], environment: [:], wait: true)
        guard status == 0 else {
            throw TestFailure(
                "this test needs python3\(module.map { " with \($0) (python3 -m pip install \($0))" } ?? ""); "
                    + ".ci/run installs it through scripts/install-deps.sh")
        }
    }

    /// Starts `arguments` (found on PATH) with standard output and error to /dev/null; with `wait`, returns its exit status, else its process id.
    static func spawn(_ arguments: [String], environment: [String: String], wait: Bool) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // The calling thread may block signals (dispatch workers do); the child starts with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestFailure("\(arguments[0]) could not be started: \(String(cString: strerror(result)))") }
        guard wait else { return pid }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    init(script: String, arguments: [String] = [], environment: [String: String] = [:], module: String? = nil) throws {
        try Self.requirePython(module: module)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        pid = try Self.spawn(
            ["python3", Self.fixtures.appendingPathComponent(script).path, directory.path] + arguments, environment: environment,
            wait: false)
        let portFile = directory.appendingPathComponent("port")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: portFile.path) {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid || Date() > deadline {
                kill(pid, SIGKILL)
                throw TestFailure("the test server \(script) did not start")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let port = Int(try String(contentsOf: portFile, encoding: .utf8)) else {
            throw TestFailure("no port from \(script)")
        }
        self.port = port
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        try? FileManager.default.removeItem(at: directory)
    }

    /// Creates or removes a behaviour file (`refuse`, `drop`, `hold`, `fail`).
    func set(_ name: String, _ on: Bool) throws {
        let file = directory.appendingPathComponent(name)
        if on { try Data().write(to: file) } else { try? FileManager.default.removeItem(at: file) }
    }

    /// Holds the MAIL commands with these numbers (`"1 2"`) until `set("hold", false)`.
    func hold(_ numbers: String) throws {
        try Data(numbers.utf8).write(to: directory.appendingPathComponent("hold"))
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) }

    /// The records in `folder` (`messages` or `requests`), in order: the JSON file and, for mail, the message.
    func records(_ folder: String) throws -> [(info: [String: Any], email: Email?)] {
        let path = directory.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: path.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let info =
                try JSONSerialization.jsonObject(with: Data(contentsOf: path.appendingPathComponent(name))) as? [String: Any]
                ?? [:]
            let eml = path.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))
            let email = FileManager.default.fileExists(atPath: eml.path) ? try Email(Data(contentsOf: eml)) : nil
            return (info, email)
        }
    }
}
