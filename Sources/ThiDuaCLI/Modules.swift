import ArgumentParser
import ThiDuaCore

/// `thidua modules`: what is enabled, in start order.
struct Modules: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "List the enabled modules in start order, with versions and dependencies.")

    @OptionGroup var hostOptions: HostOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "Also list modules linked into thidua but not enabled.") var all = false

    mutating func run(in host: LoadedHost) throws {
        for diagnostic in host.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
        var rows: [(id: String, descriptor: ModuleDescriptor?, state: String)] = host.modules.map {
            ($0.id, $0.descriptor, stateName($0.state))
        }
        if all {
            for type in thiduaModules.modules where !rows.contains(where: { $0.id == type.descriptor.id }) {
                rows.append((type.descriptor.id, type.descriptor, "not enabled"))
            }
        }
        switch format {
        case .json:
            print(
                JSONText.array(
                    rows.map { row in
                        let descriptor = row.descriptor
                        return JSONText.object([
                            ("id", .string(row.id)), ("version", descriptor.map { .string($0.version.description) } ?? .null),
                            ("state", .string(row.state)), ("summary", descriptor.map { .string($0.summary) } ?? .null),
                            (
                                "dependencies",
                                .array(
                                    (descriptor?.dependencies ?? []).map {
                                        .object([("id", .string($0.id)), ("versions", .string($0.versions.description))])
                                    })
                            ),
                            ("publishes", .array((descriptor?.publishes ?? []).map { .string($0) })),
                            ("handles", .array((descriptor?.handles ?? []).map { .string($0) })),
                            ("personal_data", .array((descriptor?.personalData ?? []).map { .string($0) })),
                        ])
                    }))
        case .text:
            if rows.isEmpty {
                print("No module is enabled. Add modules under 'modules:' in \(host.hostFile).")
                return
            }
            var table: [[String]] = [["MODULE", "VERSION", "STATE", "DEPENDS ON", "SUMMARY"]]
            for row in rows {
                let dependencies = (row.descriptor?.dependencies ?? []).map { "\($0.id) \($0.versions)" }
                table.append([
                    row.id, row.descriptor?.version.description ?? "?", row.state,
                    dependencies.isEmpty ? "—" : dependencies.joined(separator: ", "), row.descriptor?.summary ?? "",
                ])
            }
            print(formatTable(table), terminator: "")
        }
        if host.configuration == nil { throw ExitCode(1) }
    }
}

/// Left-aligned columns separated by two spaces (widths in characters, so Vietnamese aligns).
func formatTable(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var output = ""
    for row in rows {
        var line = ""
        for (index, cell) in row.enumerated() {
            line += cell
            if index + 1 < row.count { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
        }
        output += line + "\n"
    }
    return output
}
