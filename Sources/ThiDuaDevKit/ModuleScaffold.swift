import Foundation

/// Creates a new feature module in a ThiDua package checkout: its target under
/// `Sources/Modules/<Type>` (module type with its configuration, a command, an event and its
/// handler, a migration), a test target, a docs page and an example configuration, and registers
/// it in `Package.swift` and `Sources/ThiDuaCLI/ModuleCatalog.swift` at their `@scaffold` markers.
///
/// ```swift
/// let scaffold = try ModuleScaffold(packageDirectory: "/path/to/ThiDua", name: ModuleName("initiatives"))
/// let written = try scaffold.apply()   // every path created or changed, relative to the package
/// ```
///
/// Everything is checked before anything is written: an existing module, a missing marker or an
/// unreadable file makes ``plan()`` throw and leaves the checkout as it was. ``apply()`` writes the
/// new files first and the two registrations last, and removes what it created if a write fails.
public struct ModuleScaffold: Sendable {
    /// The package root: the folder that holds `Package.swift`.
    public let packageDirectory: String
    /// The module's names.
    public let name: ModuleName

    /// The markers the scaffold inserts above, by file. Each must stand exactly once on a line of
    /// its own. (The catalog's `import` goes among its other imports, in sorted order.)
    public static let markers: [(file: String, marker: String)] = [
        ("Package.swift", "// @scaffold: module targets"),
        ("Package.swift", "// @scaffold: linked modules"),
        ("Package.swift", "// @scaffold: test targets"),
        ("Sources/ThiDuaCLI/ModuleCatalog.swift", "// @scaffold: modules"),
    ]

    /// A scaffold for `name` in the package at `packageDirectory`.
    public init(packageDirectory: String, name: ModuleName) {
        self.packageDirectory = packageDirectory
        self.name = name
    }

    /// One file the scaffold writes: its path relative to the package, and its whole new content.
    public struct FileChange: Sendable, Hashable {
        /// Relative to the package root.
        public var path: String
        /// The complete content after the change.
        public var content: String
        /// Whether the file exists and is edited (else it is created).
        public var edits: Bool
    }

    /// The files to create and the two registrations, or a ``ScaffoldError`` naming what is in the way.
    public func plan() throws(ScaffoldError) -> [FileChange] {
        guard FileManager.default.fileExists(atPath: path("Package.swift")) else {
            throw ScaffoldError(
                "\(packageDirectory) has no Package.swift", hint: "run from the ThiDua package root or pass --package-dir")
        }
        let templates = ModuleTemplates(name: name)
        let created = templates.files
        for file in created where FileManager.default.fileExists(atPath: path(file.path)) {
            throw ScaffoldError(
                "the module '\(name.id)' already exists: \(file.path) is there",
                hint: "choose another name, or remove the module's files first")
        }
        let moduleFolder = "Sources/Modules/\(name.typeName)"
        if FileManager.default.fileExists(atPath: path(moduleFolder)) {
            throw ScaffoldError("the module '\(name.id)' already exists: \(moduleFolder) is there", hint: "choose another name")
        }
        if let user = commandNameUser(name.id) {
            throw ScaffoldError(
                "the command name '\(name.id)' is already used in \(user)",
                hint: "the module's command is 'thidua \(name.id)'; choose another name")
        }
        var package = try read("Package.swift")
        if package.contains("\"\(name.targetName)\"") {
            throw ScaffoldError("Package.swift already has a target named \(name.targetName)", hint: "choose another name")
        }
        var catalog = try read("Sources/ThiDuaCLI/ModuleCatalog.swift")
        if catalog.contains("\(name.moduleType).self") {
            throw ScaffoldError("ModuleCatalog.swift already lists \(name.moduleType)", hint: "choose another name")
        }
        package = try insert(templates.packageTarget, above: Self.markers[0].marker, in: package, file: "Package.swift")
        package = try insert(templates.linkedModule, above: Self.markers[1].marker, in: package, file: "Package.swift")
        package = try insert(templates.testTarget, above: Self.markers[2].marker, in: package, file: "Package.swift")
        let catalogFile = Self.markers[3].file
        catalog = try insert(templates.catalogEntry, above: Self.markers[3].marker, in: catalog, file: catalogFile)
        catalog = try insertImport(templates.catalogImport, in: catalog, file: catalogFile)
        return created.map { FileChange(path: $0.path, content: $0.content, edits: false) } + [
            FileChange(path: "Package.swift", content: package, edits: true),
            FileChange(path: catalogFile, content: catalog, edits: true),
        ]
    }

    /// Writes the plan; returns the paths written, relative to the package. On a failed write,
    /// removes the files and folders it created and restores the files it changed, then throws.
    @discardableResult
    public func apply() throws -> [String] {
        let changes = try plan()
        var createdFiles: [String] = []
        var createdFolders: [String] = []
        var restored: [(String, String)] = []
        do {
            for change in changes where !change.edits {
                var folders: [String] = []
                var folder = (change.path as NSString).deletingLastPathComponent
                while !folder.isEmpty, !FileManager.default.fileExists(atPath: path(folder)) {
                    folders.append(folder)
                    folder = (folder as NSString).deletingLastPathComponent
                }
                for missing in folders.reversed() {
                    try FileManager.default.createDirectory(atPath: path(missing), withIntermediateDirectories: false)
                    createdFolders.append(missing)
                }
                try write(change.content, to: change.path)
                createdFiles.append(change.path)
            }
            for change in changes where change.edits {
                let original = try read(change.path)
                try write(change.content, to: change.path)
                restored.append((change.path, original))
            }
        } catch {
            for (file, original) in restored { try? write(original, to: file) }
            for file in createdFiles { try? FileManager.default.removeItem(atPath: path(file)) }
            for folder in createdFolders.reversed() { try? FileManager.default.removeItem(atPath: path(folder)) }
            throw ScaffoldError("writing the module failed, nothing was kept: \(error)")
        }
        return changes.map(\.path)
    }

    /// The source file under `Sources/` (other than the scaffold's own) that declares a command
    /// named `command`, if any: a module's top command must not clash with another command.
    func commandNameUser(_ command: String) -> String? {
        let sources = path("Sources")
        guard let files = FileManager.default.enumerator(atPath: sources) else { return nil }
        let needle = "commandName: \"\(command)\""
        while let file = files.nextObject() as? String {
            guard file.hasSuffix(".swift"), !file.hasPrefix("ThiDuaDevKit/") else { continue }
            if let data = FileManager.default.contents(atPath: (sources as NSString).appendingPathComponent(file)),
                String(decoding: data, as: UTF8.self).contains(needle)
            {
                return "Sources/" + file
            }
        }
        return nil
    }

    // MARK: - Files

    private func path(_ relative: String) -> String {
        (packageDirectory as NSString).appendingPathComponent(relative)
    }

    private func read(_ relative: String) throws(ScaffoldError) -> String {
        guard let data = FileManager.default.contents(atPath: path(relative)) else {
            throw ScaffoldError("cannot read \(relative)", hint: "run from the ThiDua package root or pass --package-dir")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes through a temporary file and a rename, so that a file is never half written.
    private func write(_ content: String, to relative: String) throws {
        let target = path(relative)
        let temporary = target + ".scaffold-\(ProcessInfo.processInfo.processIdentifier)"
        try Data(content.utf8).write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, target) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw ScaffoldError("cannot write \(relative): \(String(cString: strerror(code)))")
        }
    }

    /// `text` inserted above the line holding `marker`, indented like the marker.
    func insert(_ text: String, above marker: String, in content: String, file: String) throws(ScaffoldError) -> String {
        var lines = content.components(separatedBy: "\n")
        let matches = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == marker }
        guard matches.count == 1, let index = matches.first else {
            throw ScaffoldError(
                matches.isEmpty ? "\(file) has no line '\(marker)'" : "\(file) has the line '\(marker)' \(matches.count) times",
                hint: "the scaffold inserts the new module above that marker; put it back once (see docs/modules.md, "
                    + "'Registering by hand') or register the module by hand")
        }
        // Indent like the line above (the formatter may indent a trailing comment differently).
        let above = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        var indentation = String(above.prefix { $0 == " " })
        if above.hasSuffix("[") || above.hasSuffix("(") { indentation += "    " }
        let inserted = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : indentation + $0 }
        lines.insert(contentsOf: inserted, at: index)
        return lines.joined(separator: "\n")
    }

    /// `line` (`import ThiDuaX`) placed among the file's imports so that they stay sorted by module.
    func insertImport(_ line: String, in content: String, file: String) throws(ScaffoldError) -> String {
        var lines = content.components(separatedBy: "\n")
        func module(_ text: String) -> String? {
            let words = text.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
            return words[..<index].allSatisfy({ ["public", "internal", "package", "@_exported"].contains($0) })
                ? String(words[index + 1]) : nil
        }
        let imports = lines.indices.filter { module(lines[$0]) != nil }
        guard let last = imports.last, let new = module(line) else {
            throw ScaffoldError("\(file) has no import lines", hint: "it should import ThiDuaCore and the linked modules")
        }
        let position = imports.first { (module(lines[$0]) ?? "") > new } ?? last + 1
        lines.insert(line, at: position)
        return lines.joined(separator: "\n")
    }
}
