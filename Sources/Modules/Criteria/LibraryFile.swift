public import ThiDuaCore

/// A mapping written `id: value` whose order and key positions matter (scales, facts, titles, sets).
struct KeyedEntries<Value: Decodable>: Decodable {
    struct Entry {
        var key: String
        var keyLocation: SourceLocation
        var value: Value
    }

    var entries: [Entry] = []

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CriterionRule.AnyKey.self)
        var keyLocations: [String: SourceLocation] = [:]
        if case .mapping(let mapping)? = decoder.yamlNode?.content {
            for entry in mapping.entries where keyLocations[entry.key] == nil { keyLocations[entry.key] = entry.keyLocation }
        }
        for key in container.allKeys {
            let errorsBefore = decoder.yamlErrorCount
            do {
                let value = try container.decode(Value.self, forKey: key)
                // An entry with an error inside holds stand-ins; checks must not see it.
                guard decoder.yamlErrorCount == errorsBefore else { continue }
                entries.append(
                    Entry(
                        key: key.stringValue, keyLocation: keyLocations[key.stringValue] ?? decoder.sourceLocation ?? .file(""),
                        value: value))
            } catch {
                // Reported by the decoder; go on with the next entry.
            }
        }
    }
}

/// A list with the place it is written, decoded item by item (a bad item does not hide the
/// problems of the next ones, as `Located<[T]>` would).
struct LocatedList<Element: Decodable>: Decodable {
    var items: [Element]
    var location: SourceLocation

    init(from decoder: any Decoder) throws {
        location = decoder.sourceLocation ?? .file("")
        items = try decoder.singleValueContainer().decode([Element].self)
    }
}

/// `criteria/library.yaml` as written.
struct LibraryFile: Decodable {
    var library: Library

    enum CodingKeys: String, CodingKey { case scales, titles, facts, sets }

    struct ScaleSpec: Decodable {
        var title: String
        var levels: LocatedList<ScaleLevel>
    }

    struct FactSpec: Decodable {
        var type: FactType
        var scale: Located<String>?
        var title: String?
    }

    struct SetSpec: Decodable {
        var title: String
        var subject: SubjectKind
        var exclusions: [Exclusion]?
        var criteria: LocatedList<Criterion>
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let scales = try container.decodeIfPresent(KeyedEntries<ScaleSpec>.self, forKey: .scales)?.entries ?? []
        let titles = try container.decodeIfPresent(KeyedEntries<String>.self, forKey: .titles)?.entries ?? []
        let facts = try container.decodeIfPresent(KeyedEntries<FactSpec>.self, forKey: .facts)?.entries ?? []
        let sets = try container.decodeIfPresent(KeyedEntries<SetSpec>.self, forKey: .sets)?.entries ?? []
        let scaleList = scales.map {
            Scale(id: $0.key, title: $0.value.title, levels: $0.value.levels.items, location: $0.keyLocation)
        }
        var diagnostics: [Diagnostic] = []

        for entry in scales {
            if entry.value.levels.items.count < 2 {
                diagnostics.append(
                    .error(
                        "the scale '\(entry.key)' needs at least two levels", at: entry.value.levels.location,
                        hint: "list the levels best first"))
            }
            var seen: [String: SourceLocation] = [:]
            for level in entry.value.levels.items {
                if let first = seen[level.id] {
                    diagnostics.append(
                        .error("duplicate level '\(level.id)' in scale '\(entry.key)' (first at \(first))", at: level.location))
                } else {
                    seen[level.id] = level.location
                }
            }
        }
        if titles.count > Library.maximumTitles, let extra = titles.dropFirst(Library.maximumTitles).first {
            diagnostics.append(.error("a library can declare at most \(Library.maximumTitles) titles", at: extra.keyLocation))
        }
        var factList: [FactDefinition] = []
        for entry in facts {
            let spec = entry.value
            var definition = FactDefinition(
                id: entry.key, type: spec.type, scale: spec.scale?.value, title: spec.title,
                location: entry.keyLocation)
            switch (spec.type, spec.scale) {
            case (.rating, nil):
                diagnostics.append(
                    .error(
                        "the rating fact '\(entry.key)' needs a scale", at: entry.keyLocation,
                        hint: "add 'scale:' with one of: \(scales.map(\.key).joined(separator: ", "))"))
            case (.rating, let scale?):
                if !scales.contains(where: { $0.key == scale.value }) {
                    let suggestion = Suggestion.closest(to: scale.value, in: scales.map(\.key))
                    diagnostics.append(
                        .error(
                            "unknown scale '\(scale.value)'", at: scale.location,
                            hint: suggestion.map { "did you mean '\($0)'?" }
                                ?? "declare it under 'scales:' (\(scales.map(\.key).joined(separator: ", ")))"))
                    definition.scale = nil
                }
            case (_, let scale?):
                diagnostics.append(
                    .error(
                        "only rating facts have a scale; '\(entry.key)' is a \(spec.type.rawValue) fact",
                        at: scale.location, hint: "remove 'scale:' or write 'type: rating'"))
                definition.scale = nil
            default:
                break
            }
            factList.append(definition)
        }
        var setList: [CriteriaSet] = []
        for entry in sets {
            setList.append(
                CriteriaSet(
                    id: entry.key, title: entry.value.title, subject: entry.value.subject,
                    exclusions: entry.value.exclusions ?? [],
                    criteria: entry.value.criteria.items, location: entry.keyLocation))
        }
        library = Library(
            scales: scaleList, facts: factList,
            titles: titles.map { TitleDefinition(id: $0.key, title: $0.value, location: $0.keyLocation) }, sets: setList)
        for diagnostic in diagnostics { decoder.report(diagnostic) }
    }
}

extension Library {
    /// Decodes a library written in YAML (as in `criteria/library.yaml`) and checks its criteria
    /// sets; throws every diagnostic when there is an error.
    public static func decode(yaml text: String, file: String = "<library>") throws(DiagnosticsError) -> Library {
        let library = try YAMLDecoder().decode(LibraryFile.self, from: text, file: file).library
        var diagnostics: [Diagnostic] = []
        for set in library.sets {
            diagnostics +=
                Compiler.compile(criteria: set.criteria, exclusions: set.exclusions, library: library, subject: set.subject)
                .diagnostics
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics) }
        return library
    }
}
