public import ThiDuaYAML

/// `config/thidua.yaml`: which modules are on and how they are configured, and where data lives.
///
/// ```yaml
/// format: 1
/// data:
///   directory: .thidua
/// modules:
///   organization:
///     units: organization/units.yaml
///   campaigns:
///     files: [campaigns/cchc-2024.yaml]
///   notifications:
///     enabled: false
/// ```
public struct HostConfiguration: Decodable, Sendable {
    /// The format of this file; this version of ThiDua reads format 1.
    public var format: Int
    /// Where the database and attachments live (`data:`).
    public var data: DataSettings
    /// The module entries in the order written.
    public var modules: [ModuleEntry]

    /// The only `format` this version reads.
    public static let supportedFormat = 1

    enum CodingKeys: String, CodingKey {
        case format, data, modules
    }

    /// Decodes the host file; an unsupported `format` and every module entry's problem are located diagnostics.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Located<Int>.self, forKey: .format)
        if format.value != Self.supportedFormat {
            try container.superDecoder(forKey: .format).report(
                .error, "format \(format.value) is not supported by this thidua",
                hint: "this version reads format \(Self.supportedFormat)")
        }
        self.format = format.value
        self.data = try container.decodeIfPresent(DataSettings.self, forKey: .data) ?? DataSettings()
        self.modules = try container.decode(ModuleEntries.self, forKey: .modules).entries
    }
}

/// Where ThiDua keeps its data (database, attachments).
///
/// ```yaml
/// data:
///   directory: .thidua          # relative to the working directory
///   database: thidua.sqlite     # relative to the directory
/// ```
public struct DataSettings: Decodable, Sendable {
    /// Relative to the working directory `thidua` runs in. Default `.thidua`.
    public var directory: String
    /// The database file, relative to ``directory`` (or absolute). Default `thidua.sqlite`.
    public var database: String

    /// The default database file name.
    public static let defaultDatabase = "thidua.sqlite"

    /// Settings with the defaults: `.thidua/thidua.sqlite`.
    public init(directory: String = ".thidua", database: String = DataSettings.defaultDatabase) {
        self.directory = directory
        self.database = database
    }

    /// Where the database file is: ``database`` inside ``directory`` unless it is absolute.
    public var databasePath: String { Paths.join(directory, database) }

    enum CodingKeys: String, CodingKey { case directory, database }

    /// Decodes `data:`; a `database` that names no file is an error at its value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? ".thidua"
        database = try container.decodeIfPresent(String.self, forKey: .database) ?? DataSettings.defaultDatabase
        if database.isEmpty || database.hasSuffix("/") {
            try container.superDecoder(forKey: .database).report(
                .error, "'database' must name a file, found '\(database)'",
                hint: "e.g. '\(DataSettings.defaultDatabase)' (relative to 'directory') or an absolute path")
        }
    }
}

/// One entry under `modules:`: the module's id, whether it is on, an optional version range it
/// must satisfy, and its own settings (everything else in the entry).
public struct ModuleEntry: Sendable {
    /// The module id, the key under `modules:`.
    public var id: String
    /// Where the id is written: diagnostics about the module point here.
    public var location: SourceLocation
    /// Whether the module is on (`enabled: false` keeps its settings but does not load it).
    public var enabled: Bool
    /// The `version:` range the linked module must satisfy, if any.
    public var versions: VersionRange?
    /// The module's settings: the entry without `enabled` and `version`.
    public var settings: YAMLNode
}

/// The `modules:` mapping, kept as nodes so that each module decodes its own section.
struct ModuleEntries: Decodable {
    var entries: [ModuleEntry] = []

    init(from decoder: any Decoder) throws {
        guard let node = decoder.yamlNode else {
            throw ConfigurationError("modules can only be read from YAML")
        }
        guard case .mapping(let mapping) = node.content else {
            throw ConfigurationError(
                "'modules' must be a mapping of module ids to their settings, found \(node.kindDescription)",
                hint: "write e.g. 'modules:' then '  campaigns:' on the next line")
        }
        for entry in mapping.entries {
            var enabled = true
            var versions: VersionRange?
            var settings: [YAMLMapping.Entry] = []
            switch entry.value.content {
            case .mapping(let section):
                for item in section.entries {
                    switch item.key {
                    case "enabled":
                        guard let scalar = item.value.scalar else {
                            Self.report(decoder, "'enabled' must be true or false", at: item.value.location)
                            continue
                        }
                        do throws(ScalarError) {
                            enabled = try ScalarRules.bool(scalar)
                        } catch {
                            Self.report(decoder, error.message, at: item.value.location, hint: error.hint)
                        }
                    case "version":
                        guard let text = item.value.scalar?.value, let range = VersionRange(text) else {
                            Self.report(
                                decoder, "'version' must be a version range such as '^1.0' or '>=1.2 <2.0'",
                                at: item.value.location)
                            continue
                        }
                        versions = range
                    default:
                        settings.append(item)
                    }
                }
            case .scalar(let scalar) where scalar.isNull:
                break
            default:
                Self.report(
                    decoder, "the settings of module '\(entry.key)' must be a mapping, found \(entry.value.kindDescription)",
                    at: entry.value.location, hint: "leave it empty ('\(entry.key):') to use the defaults")
                continue
            }
            let settingsNode = YAMLNode(.mapping(YAMLMapping(settings)), at: entry.value.location)
            entries.append(
                ModuleEntry(
                    id: entry.key, location: entry.keyLocation, enabled: enabled, versions: versions,
                    settings: settingsNode))
        }
    }

    private static func report(_ decoder: any Decoder, _ message: String, at location: SourceLocation, hint: String? = nil) {
        decoder.report(.error(message, at: location, hint: hint))
    }
}
