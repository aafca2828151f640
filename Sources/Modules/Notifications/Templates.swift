import Mustache
import ThiDuaCore

/// What a message is about: one template each.
public enum Trigger: String, Sendable, CaseIterable, Hashable {
    case campaignLaunched = "campaign-launched"
    case reminder
    case dossierReturned = "dossier-returned"
    case dossierAccepted = "dossier-accepted"
    case dossierRejected = "dossier-rejected"
    case decisionIssued = "decision-issued"

    /// The template's file name.
    public var fileName: String { rawValue + ".mustache" }
}

/// A value a template can show: text, a yes/no (for sections) or a list of records.
public indirect enum TemplateValue: Sendable, Hashable {
    case text(String)
    case flag(Bool)
    case list([[String: TemplateValue]])

    /// What swift-mustache renders.
    var rendered: Any {
        switch self {
        case .text(let text): return text
        case .flag(let flag): return flag
        case .list(let items): return items.map { $0.mapValues(\.rendered) }
        }
    }
}

/// One template: a subject line and a body, both Mustache.
///
/// The file's first line is `Subject: …`, the second is empty, the rest is the body:
///
/// ```
/// Subject: [{{agency}}] Kế hoạch {{campaign_symbol}}
///
/// Kính gửi {{recipient_name}}, …
/// ```
public struct MessageTemplate: Sendable {
    public var trigger: Trigger
    /// The file it was read from.
    public var file: String
    let subject: MustacheTemplate
    let body: MustacheTemplate

    /// Renders subject and body; text is not escaped (plain-text messages). The subject is one line.
    public func render(_ values: [String: TemplateValue]) -> (subject: String, body: String) {
        let context = values.mapValues(\.rendered)
        var subject = self.subject.render(context)
        subject = String(subject.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : Character($0) })
        while subject.hasSuffix(" ") { subject.removeLast() }
        while subject.hasPrefix(" ") { subject.removeFirst() }
        var body = self.body.render(context)
        if !body.hasSuffix("\n") { body += "\n" }
        return (VietnameseText.normalized(subject), VietnameseText.normalized(body))
    }

    /// Plain text, whatever the template says otherwise.
    static let textPragma = "{{% CONTENT_TYPE: TEXT }}"

    /// Parses `text` read from `file`; problems are located diagnostics.
    static func parse(_ text: String, trigger: Trigger, file: String) -> Result<MessageTemplate, Diagnostic> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        guard let first = lines.first, first.hasPrefix("Subject:") else {
            return .failure(
                .error(
                    "a message template starts with a 'Subject: …' line", at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "write 'Subject: …' on the first line, an empty line, then the body"))
        }
        guard lines.count >= 3, lines[1].allSatisfy({ $0 == " " || $0 == "\t" }) else {
            return .failure(
                .error(
                    "the subject line must be followed by an empty line and the body",
                    at: SourceLocation(file: file, line: 2, column: 1)))
        }
        let subjectText = String(first.dropFirst("Subject:".count))
        let subjectColumn = "Subject:".count + 1
        lines.removeFirst(2)
        let subject: MustacheTemplate
        switch compile(subjectText, file: file, firstLine: 1, firstColumn: subjectColumn) {
        case .success(let template): subject = template
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        switch compile(lines.joined(separator: "\n"), file: file, firstLine: 3, firstColumn: 1) {
        case .success(let body): return .success(MessageTemplate(trigger: trigger, file: file, subject: subject, body: body))
        case .failure(let diagnostic): return .failure(diagnostic)
        }
    }

    private static func compile(_ text: String, file: String, firstLine: Int, firstColumn: Int) -> Result<
        MustacheTemplate, Diagnostic
    > {
        do {
            return .success(try MustacheTemplate(string: textPragma + text))
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            // The pragma stands before the first line's text; take its width back off.
            let column =
                line == 1 ? max(error.context.columnNumber - textPragma.count, 1) + firstColumn - 1 : error.context.columnNumber
            return .failure(
                .error(
                    "template error: \(describe(error.error))",
                    at: SourceLocation(file: file, line: line + firstLine - 1, column: column),
                    hint: "see the Mustache syntax in docs/modules/notifications.md"))
        } catch {
            return .failure(
                .error("template error: \(error)", at: SourceLocation(file: file, line: firstLine, column: firstColumn)))
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "\(error)" == "overflow" ? "the template ends inside a tag ('}}' is missing)" : "\(error)"
        }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed ('}}' is missing)"
        case .expectedSectionEnd: return "a section is opened ({{#…}} or {{^…}}) but never closed ({{/…}})"
        case .invalidSetDelimiter: return "a delimiter change ({{=… …=}}) is malformed"
        default: return "\(error)"
        }
    }
}

/// The templates of every trigger: a department's override when it has one, else the default.
public struct TemplateSet: Sendable {
    public var templates: [Trigger: MessageTemplate]

    public func template(_ trigger: Trigger) -> MessageTemplate? { templates[trigger] }

    /// Reads every trigger's template, reporting missing files and template errors to `context`.
    static func load(_ settings: TemplateSettings, context: ModuleContext, settingsFile: String) -> TemplateSet {
        var templates: [Trigger: MessageTemplate] = [:]
        let defaults = settings.directory
        let defaultsLocation = defaults.location.file.isEmpty ? SourceLocation.file(settingsFile) : defaults.location
        if Paths.kind(of: context.resolve(defaults.value)) != .directory {
            context.report(
                .error(
                    "the templates directory '\(context.resolve(defaults.value))' does not exist", at: defaultsLocation,
                    hint: "the shipped templates are in config/templates; copy them, or set 'templates.directory'"))
            return TemplateSet(templates: [:])
        }
        if let overrides = settings.overrides, Paths.kind(of: context.resolve(overrides.value)) != .directory {
            context.report(
                .error(
                    "the templates directory '\(context.resolve(overrides.value))' does not exist", at: overrides.location,
                    hint: "create it and put the templates you change there, named like the defaults"))
        }
        for trigger in Trigger.allCases {
            var chosen = Paths.join(defaults.value, trigger.fileName)
            if let overrides = settings.overrides {
                let candidate = Paths.join(overrides.value, trigger.fileName)
                if Paths.kind(of: context.resolve(candidate)) == .file { chosen = candidate }
            }
            guard let bytes = context.readBytes(file: chosen, referencedAt: defaultsLocation) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            switch MessageTemplate.parse(VietnameseText.normalized(text), trigger: trigger, file: context.resolve(chosen)) {
            case .success(let template): templates[trigger] = template
            case .failure(let diagnostic): context.report(diagnostic)
            }
        }
        return TemplateSet(templates: templates)
    }
}
