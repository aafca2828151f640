public import ThiDuaCore

/// A module that gives the criteria module fact values: the initiatives register gives
/// `sang_kien_cong_nhan` ("has an initiative recognised this year") for every person.
///
/// The contributing module declares `contributesTo: ["criteria"]` in its descriptor; the host
/// then constructs it before the criteria module, which reads ``contributedFacts`` of every
/// contributor through ``ThiDuaCore/ModuleContext/contributions(as:)`` and checks them like the
/// facts of data files: a fact the library does not declare, a value of the wrong type or an
/// unknown subject is an error at the record's ``FactRecord/source`` (so point it at the YAML
/// line the value comes from), and the same fact for the same subject and period from a data file
/// and a contributor is an error naming both places.
///
/// ```swift
/// public struct InitiativesModule: ThiDuaModule, FactContributor {
///     public static let descriptor = ModuleDescriptor(
///         id: "initiatives", version: "1.0.0", summary: "…",
///         dependencies: [ModuleDependency("organization", .upToNextMajor(from: "1.0.0"))],
///         contributesTo: ["criteria"])
///     public let contributedFacts: [FactRecord]
///     …
/// }
/// ```
public protocol FactContributor: ThiDuaModule {
    /// Fact values, each with where it comes from.
    var contributedFacts: [FactRecord] { get }

    /// Where the module's configuration names `fact`, for an error about the fact itself (not
    /// declared in the library, or of another type). Default: nil, and such an error points at the
    /// first value of the fact.
    func declaration(of fact: String) -> SourceLocation?
}

extension FactContributor {
    /// No place of its own: errors about a fact point at its first value.
    public func declaration(of fact: String) -> SourceLocation? { nil }
}

extension CriteriaModule {
    /// The records of every contributor that fit the library and the organization, and a located
    /// error for each that does not.
    static func contributedFacts(
        from contributors: [any FactContributor], library: Library, knows: (String) -> Bool, subjects: () -> [String]
    ) -> (records: [FactRecord], diagnostics: [Diagnostic]) {
        var records: [FactRecord] = []
        var diagnostics: [Diagnostic] = []
        let factIDs = library.facts.map(\.id)
        for contributor in contributors {
            let module = type(of: contributor).descriptor.id
            var reported: Set<String> = []
            for record in contributor.contributedFacts {
                let place = contributor.declaration(of: record.fact) ?? record.source
                guard let fact = library.fact(record.fact) else {
                    guard reported.insert(record.fact).inserted else { continue }
                    let suggestion = Suggestion.closest(to: record.fact, in: factIDs)
                    diagnostics.append(
                        .error(
                            "the module '\(module)' gives the fact '\(record.fact)', which the criteria library does not declare",
                            at: place,
                            hint: suggestion.map { "did you mean '\($0)'?" }
                                ?? "declare it under 'facts:' in the library, e.g. '\(record.fact): {type: \(record.value.type)}'"
                        ))
                    continue
                }
                guard fact.type == record.value.type else {
                    guard reported.insert(record.fact).inserted else { continue }
                    diagnostics.append(
                        .error(
                            "the module '\(module)' gives '\(record.fact)' as a \(record.value.type), "
                                + "but the library declares it as a \(fact.type)",
                            at: place, hint: "declare '\(record.fact)' with 'type: \(record.value.type)' in the library"))
                    continue
                }
                guard knows(record.subject) else {
                    let suggestion = Suggestion.closest(to: record.subject, in: subjects())
                    diagnostics.append(
                        .error(
                            "the module '\(module)' gives '\(record.fact)' for '\(record.subject)', who is not in the organization",
                            at: record.source, hint: suggestion.map { "did you mean '\($0)'?" }))
                    continue
                }
                records.append(record)
            }
        }
        return (records, diagnostics)
    }
}
