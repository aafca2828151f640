internal import CYAML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses YAML text with the system libyaml into ``YAMLNode`` trees.
///
/// The parser never throws and never crashes on input: everything it finds wrong becomes a
/// ``Diagnostic`` in the returned ``YAMLDocument``. A syntax error ends the file (libyaml cannot go
/// on); duplicate keys, unsupported tags and bad merge keys are reported and parsing continues.
public struct YAMLParser: Sendable {
    /// The limits every document is parsed under.
    public var limits: YAMLLimits

    /// A parser with `limits`.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Reads and parses the file at `path`. A missing file, a directory, an unreadable or oversize
    /// file is reported as a diagnostic naming the file.
    public func parse(file path: String) -> YAMLDocument {
        switch readFile(path, limit: limits.maxFileSize) {
        case .success(let bytes):
            return parse(bytes: bytes, file: path)
        case .failure(let diagnostic):
            return YAMLDocument(file: path, root: nil, diagnostics: [diagnostic])
        }
    }

    /// Parses `text`, reporting positions against the name `file`.
    public func parse(_ text: String, file: String = "<input>") -> YAMLDocument {
        parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses UTF-8 bytes, reporting positions against the name `file`.
    public func parse(bytes: [UInt8], file: String) -> YAMLDocument {
        guard bytes.count <= limits.maxFileSize else {
            return YAMLDocument(
                file: file, root: nil,
                diagnostics: [
                    .error(
                        "input is \(formatSize(bytes.count)); the limit is \(formatSize(limits.maxFileSize))",
                        at: .file(file), hint: "split it into several files")
                ])
        }
        var builder = TreeBuilder(file: file, limits: limits)
        // A UTF-8 byte order mark (as Windows editors write) is not part of the text. With the
        // encoding set, libyaml would count it as a column of line 1 and misread the indentation.
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        text.withUnsafeBufferPointer { buffer in
            builder.run(buffer)
        }
        return YAMLDocument(file: file, root: builder.root, diagnostics: builder.diagnostics)
    }
}

// MARK: - Reading files

/// Reads a whole file with POSIX calls, refusing directories and files over `limit` bytes
/// before reading them.
func readFile(_ path: String, limit: Int) -> Result<[UInt8], Diagnostic> {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        let code = errno
        switch code {
        case ENOENT:
            return .failure(
                .error(
                    "no such file", at: .file(path),
                    hint: "check the path; relative paths are read from the configuration directory"))
        case EACCES:
            return .failure(.error("permission denied", at: .file(path), hint: "make the file readable by this user"))
        case EISDIR:
            return .failure(.error("is a directory, expected a YAML file", at: .file(path)))
        default:
            return .failure(.error("cannot open the file: \(String(cString: strerror(code)))", at: .file(path)))
        }
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
        return .failure(.error("cannot read the file: \(String(cString: strerror(errno)))", at: .file(path)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        return .failure(.error("is a directory, expected a YAML file", at: .file(path), hint: "name a file inside it"))
    }
    let size = Int(info.st_size)
    if size > limit {
        return .failure(
            .error(
                "file is \(formatSize(size)); the limit is \(formatSize(limit))", at: .file(path),
                hint: "split it into several files"))
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var offset = 0
    while true {
        if offset == bytes.count {
            // The file may have grown since fstat; read in chunks until EOF, within the limit.
            if bytes.count >= limit + 1 { break }
            bytes.append(contentsOf: repeatElement(0, count: max(4096, min(bytes.count, limit + 1 - bytes.count))))
        }
        let count = bytes.withUnsafeMutableBytes { raw in
            read(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
        }
        if count < 0 {
            if errno == EINTR { continue }
            if errno == EISDIR {
                return .failure(.error("is a directory, expected a YAML file", at: .file(path)))
            }
            return .failure(.error("cannot read the file: \(String(cString: strerror(errno)))", at: .file(path)))
        }
        if count == 0 { break }
        offset += count
    }
    if offset > limit {
        return .failure(
            .error("file is larger than the limit of \(formatSize(limit))", at: .file(path), hint: "split it into several files"))
    }
    bytes.removeSubrange(offset...)
    return .success(bytes)
}

func formatSize(_ bytes: Int) -> String {
    if bytes >= 1 << 20 {
        let tenths = (bytes * 10) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
    if bytes >= 1 << 10 {
        let tenths = (bytes * 10) >> 10
        return "\(tenths / 10).\(tenths % 10) KiB"
    }
    return "\(bytes) bytes"
}

// MARK: - Building the tree from libyaml events

/// Turns libyaml's event stream into nodes with an explicit stack (no recursion, so nesting
/// cannot overflow the call stack), enforcing the depth cap and the alias budget as it goes.
struct TreeBuilder {
    let file: String
    let limits: YAMLLimits
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []

    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var openAnchors: Set<String> = []
    private var aliasExpansion = 0
    private var documents = 0
    private var stopped = false

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var entries: [YAMLMapping.Entry] = []
        var merges: [YAMLNode] = []
        var pendingKey: (key: String, location: SourceLocation, isMerge: Bool)?
        var weight = 1
        var height = 1
    }

    mutating func run(_ input: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(.error("libyaml could not allocate a parser", at: .file(file)))
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        if let base = input.baseAddress {
            yaml_parser_set_input_string(&parser, base, input.count)
        } else {
            var empty: UInt8 = 0
            yaml_parser_set_input_string(&parser, &empty, 0)
        }

        var event = yaml_event_t()
        while !stopped {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser, input: input)
                root = nil
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(&event)
            yaml_event_delete(&event)
            if done { break }
        }
        if stopped { root = nil }
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private mutating func fatal(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.error(message, at: location, hint: hint))
        stopped = true
    }

    private mutating func handle(_ event: inout yaml_event_t) {
        let start = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fatal(
                    "this file holds more than one YAML document", at: start,
                    hint: "ThiDua reads one document per file; remove the second '---' or split the file")
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = makeString(scalar.value, Int(scalar.length))
            var style: YAMLScalar.Style
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            if let tag = scalar.tag {
                let tagText = String(cString: tag)
                if tagText == "tag:yaml.org,2002:str" {
                    if style == .plain { style = .singleQuoted }
                } else if tagText != "!" {
                    diagnostics.append(
                        .error(
                            "the tag '\(tagText)' is not supported", at: start,
                            hint: "remove it; write text in quotes if it must stay text"))
                }
            }
            let node = YAMLNode(.scalar(YAMLScalar(text, style: style)), at: start)
            if let anchor = scalar.anchor { anchors[String(cString: anchor)] = node }
            attach(node, isScalarKeyCandidate: true)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                if openAnchors.contains(name) {
                    fatal(
                        "the alias '*\(name)' refers to a node that contains it", at: start,
                        hint: "a node cannot include itself")
                } else {
                    fatal("unknown alias '*\(name)'", at: start, hint: "define it with '&\(name)' before using it")
                }
                return
            }
            aliasExpansion = saturatingAdd(aliasExpansion, target.weight)
            if aliasExpansion > limits.maxAliasExpansion {
                fatal(
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes", at: start,
                    hint: "this looks like an alias bomb ('billion laughs'); use fewer nested aliases")
                return
            }
            if stack.count + target.height > limits.maxDepth {
                fatal(
                    "nesting is deeper than \(limits.maxDepth) levels once the alias '*\(name)' is expanded", at: start,
                    hint: "flatten the structure")
                return
            }
            attach(target, isScalarKeyCandidate: true)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            if let tagPointer {
                let tagText = String(cString: tagPointer)
                if tagText != "tag:yaml.org,2002:map" && tagText != "tag:yaml.org,2002:seq" {
                    diagnostics.append(.error("the tag '\(tagText)' is not supported", at: start, hint: "remove it"))
                }
            }
            if let top = stack.last, top.isMapping, top.pendingKey == nil {
                fatal(
                    "a key must be plain text, not a \(isMapping ? "mapping" : "list")", at: start,
                    hint: "complex keys ('? ') are not used in ThiDua configuration")
                return
            }
            if stack.count >= limits.maxDepth {
                fatal(
                    "nesting is deeper than \(limits.maxDepth) levels", at: start,
                    hint: "configuration never needs this depth; check for a runaway structure")
                return
            }
            let anchor = anchorPointer.map { String(cString: $0) }
            if let anchor { openAnchors.insert(anchor) }
            stack.append(Frame(isMapping: isMapping, location: start, anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let node: YAMLNode
            if frame.isMapping {
                node = YAMLNode(.mapping(finishMapping(frame)), at: frame.location, weight: frame.weight, height: frame.height)
            } else {
                node = YAMLNode(.sequence(frame.items), at: frame.location, weight: frame.weight, height: frame.height)
            }
            if let anchor = frame.anchor {
                openAnchors.remove(anchor)
                anchors[anchor] = node
            }
            attach(node, isScalarKeyCandidate: false)
        default:
            break
        }
    }

    /// Adds a finished node to the collection being built, or makes it the root.
    private mutating func attach(_ node: YAMLNode, isScalarKeyCandidate: Bool) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let index = stack.count - 1
        stack[index].weight = saturatingAdd(stack[index].weight, node.weight)
        stack[index].height = max(stack[index].height, node.height + 1)
        if !stack[index].isMapping {
            stack[index].items.append(node)
            return
        }
        if let pending = stack[index].pendingKey {
            stack[index].pendingKey = nil
            if pending.isMerge {
                stack[index].merges.append(node)
            } else {
                stack[index].entries.append(.init(key: pending.key, keyLocation: pending.location, value: node))
            }
            return
        }
        // This node is a key.
        guard case .scalar(let scalar) = node.content, isScalarKeyCandidate else {
            fatal("a key must be plain text, not \(node.kindDescription)", at: node.location)
            return
        }
        // `<<` is the YAML 1.1 merge key only when written plain; a quoted "<<" is an ordinary key.
        stack[index].pendingKey = (scalar.value, node.location, scalar.isPlain && scalar.value == "<<")
    }

    /// Checks duplicate keys and applies merge keys (`<<: *base`); explicit keys win over merged ones.
    private mutating func finishMapping(_ frame: Frame) -> YAMLMapping {
        let entries = frame.entries
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(entries.count)
        var unique: [YAMLMapping.Entry] = []
        unique.reserveCapacity(entries.count)
        for entry in entries {
            if let first = seen[entry.key] {
                diagnostics.append(
                    .error(
                        "duplicate key '\(entry.key)' (first written at line \(first.line), column \(first.column))",
                        at: entry.keyLocation, hint: "remove one of them; YAML keeps only one value per key"))
            } else {
                seen[entry.key] = entry.keyLocation
                unique.append(entry)
            }
        }
        for merge in frame.merges {
            var sources: [YAMLNode] = []
            switch merge.content {
            case .mapping: sources = [merge]
            case .sequence(let items): sources = items
            case .scalar:
                diagnostics.append(
                    .error(
                        "'<<' (merge) needs a mapping or a list of mappings, found \(merge.kindDescription)",
                        at: merge.location, hint: "write '<<: *name' where '&name' marks a mapping"))
            }
            for source in sources {
                guard case .mapping(let mapping) = source.content else {
                    diagnostics.append(
                        .error("'<<' (merge) needs mappings, found \(source.kindDescription)", at: source.location))
                    continue
                }
                for entry in mapping.entries where seen[entry.key] == nil {
                    seen[entry.key] = entry.keyLocation
                    unique.append(entry)
                }
            }
        }
        return YAMLMapping(unique)
    }

    private func makeString(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        let buffer = UnsafeBufferPointer(start: pointer, count: length)
        var ascii = true
        for byte in buffer where byte >= 0x80 {
            ascii = false
            break
        }
        let text = String(decoding: buffer, as: UTF8.self)
        return ascii ? text : text.nfc
    }

    private mutating func reportParserError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            var offset = Int(parser.problem_offset)
            var value = Int(parser.problem_value)
            var problem = problem
            if problem == "invalid trailing UTF-8 octet", offset > 0, offset <= input.count {
                // libyaml points at the byte after the culprit (0xE9 in Latin-1 "Sé" is followed by
                // an ASCII byte); report the byte that starts the broken sequence instead.
                offset -= 1
                while offset > 0, input[offset] & 0xC0 == 0x80 { offset -= 1 }
                value = Int(input[offset])
                problem = "invalid UTF-8 sequence"
            }
            let place = locationOfByte(offset, in: input)
            if problem == "control characters are not allowed", value == 0 {
                fatal(
                    "the file contains a NUL byte; it is not UTF-8 text (UTF-16 or a binary file?)", at: place,
                    hint: "save the file as UTF-8")
                return
            }
            if problem == "control characters are not allowed" {
                let code = String(value, radix: 16, uppercase: true)
                fatal(
                    "the file contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code), which YAML does not allow",
                    at: place, hint: "remove it; only tabs and line breaks may appear as control characters")
                return
            }
            if input.count >= 2, (input[0] == 0xFF && input[1] == 0xFE) || (input[0] == 0xFE && input[1] == 0xFF) {
                fatal(
                    "the file is UTF-16; ThiDua reads UTF-8 only", at: SourceLocation(file: file, line: 1, column: 1),
                    hint: "save the file as UTF-8")
                return
            }
            var message = "the file is not valid UTF-8 (\(problem)"
            if value >= 0 { message += ": byte 0x\(String(value, radix: 16, uppercase: true))" }
            message += ")"
            fatal(message, at: place, hint: "save the file as UTF-8")
        case YAML_MEMORY_ERROR:
            fatal("libyaml ran out of memory", at: .file(file))
        default:
            let mark = location(parser.problem_mark)
            var message = "syntax error: \(problem)"
            if let context = parser.context.map({ String(cString: $0) }) {
                let contextMark = location(parser.context_mark)
                message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
            }
            var hint: String?
            // libyaml's mark index counts characters, not bytes.
            let byteIndex = byteOffset(ofCharacter: Int(parser.problem_mark.index), in: input)
            if byteIndex < input.count, input[byteIndex] == 0x09 {
                hint = "YAML does not allow tabs for indentation; indent with spaces"
            } else if problem.contains("mapping values are not allowed") {
                hint =
                    "check this line's indentation against the line above; if it is text, put a space after ':' or quote text that contains ': '"
            } else if problem.contains("could not find expected ':'") {
                hint = "each line of a mapping needs 'key: value'"
            }
            fatal(message, at: mark, hint: hint)
        }
    }

    /// The byte offset of the character (Unicode scalar) at `index`.
    private func byteOffset(ofCharacter index: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        var characters = 0
        for offset in input.indices where input[offset] & 0xC0 != 0x80 {
            if characters == index { return offset }
            characters += 1
        }
        return input.count
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    private func locationOfByte(_ offset: Int, in input: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        while index < min(offset, input.count) {
            let byte = input[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

@inline(__always)
func saturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : sum
}

extension String {
    /// Whether the text is certainly in NFC without normalising it: every scalar is below U+0300
    /// (ASCII, Latin-1, Latin Extended-A and -B with ơ, ư, IPA, spacing modifiers) or in Latin
    /// Extended Additional (U+1E00–U+1EFF, every precomposed Vietnamese letter with a tone mark).
    /// None of these decomposes in NFC or combines with what precedes it. False means "look".
    var isKnownNFC: Bool {
        var utf8 = self.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte < 0x80 { continue }
            if byte >= 0xC2, byte <= 0xCB {  // U+0080–U+02FF
                _ = utf8.next()
                continue
            }
            if byte == 0xE1, let second = utf8.next(), second >= 0xB8, second <= 0xBB {  // U+1E00–U+1EFF
                _ = utf8.next()
                continue
            }
            return false
        }
        return true
    }

    /// The string in Unicode Normalization Form C (how Vietnamese text is stored and compared).
    public var nfc: String {
        if isKnownNFC { return self }
        let normalized = _nfcCodeUnits
        if normalized.elementsEqual(utf8) { return self }
        return String(decoding: Array(normalized), as: UTF8.self)
    }
}
