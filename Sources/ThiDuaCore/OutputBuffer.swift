#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes for standard output (or another file descriptor), written in chunks of
/// ``chunkSize`` with `write(2)` instead of line by line; or collected in memory
/// (``init()``) for tests and for building one piece of text.
///
/// ```swift
/// var out = OutputBuffer(fileDescriptor: 1)
/// for row in rows {
///     out.append(row.id); out.append(byte: UInt8(ascii: ",")); out.appendCSV(row.title); out.appendNewline()
///     out.flushIfFull()
/// }
/// try out.finish()
/// ```
///
/// Writers append UTF-8 straight into the buffer: strings, integers, exact decimals, and
/// fields quoted for CSV or JSON, without building intermediate `String`s. An append is a
/// capacity check and a copy (the buffer manages its own memory; copies of a buffer share it
/// until one of them is written to, like an array's).
public struct OutputBuffer {
    /// How many bytes are gathered before ``flushIfFull()`` writes them.
    public static let chunkSize = 64 * 1024

    /// The memory of a buffer, freed with the last buffer that uses it.
    @usableFromInline final class Storage {
        @usableFromInline let base: UnsafeMutablePointer<UInt8>
        @usableFromInline let capacity: Int

        @usableFromInline init(capacity: Int) {
            self.capacity = Swift.max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    @usableFromInline var storage: Storage
    /// `storage.base` and `storage.capacity`, kept here so that appending reads no class field.
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0
    /// The descriptor written to; -1 in memory mode.
    public let fileDescriptor: Int32
    /// The `errno` of the first failed write; later writes are skipped.
    public private(set) var writeError: Int32?

    /// A buffer for `fileDescriptor` (1 for standard output).
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        storage = Storage(capacity: Self.chunkSize + 16 * 1024)
        base = storage.base
        capacity = storage.capacity
    }

    /// A buffer that keeps everything in memory (``text``, ``content``).
    public init() {
        fileDescriptor = -1
        storage = Storage(capacity: 256)
        base = storage.base
        capacity = storage.capacity
    }

    /// The number of bytes held (not yet written).
    @inlinable public var count: Int { used }
    /// The bytes held, as text (memory mode: everything appended).
    public var text: String {
        withExtendedLifetime(storage) { String(decoding: UnsafeBufferPointer(start: base, count: used), as: UTF8.self) }
    }
    /// The bytes held.
    public var content: [UInt8] { withExtendedLifetime(storage) { Array(UnsafeBufferPointer(start: base, count: used)) } }

    /// Forgets the held bytes, keeping the capacity (for scratch buffers).
    @inlinable public mutating func removeAll() {
        used = 0
    }

    /// Drops held bytes beyond `count` (for scratch buffers that grow and shrink).
    @inlinable public mutating func truncate(to count: Int) {
        if count >= 0 && count < used { used = count }
    }

    /// Room for `extra` more bytes, in memory this buffer alone uses; returns where they go.
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(used + extra > capacity || !isKnownUniquelyReferenced(&storage)) { grow(extra) }
        return base + used
    }

    @usableFromInline mutating func grow(_ extra: Int) {
        let new = Storage(capacity: Swift.max(used + extra, capacity * 2))
        new.base.initialize(from: base, count: used)
        storage = new
        base = new.base
        capacity = new.capacity
    }

    // MARK: Appending

    /// UTF-8 bytes.
    @inlinable public mutating func append(bytes source: UnsafeBufferPointer<UInt8>) {
        guard let address = source.baseAddress, source.count > 0 else { return }
        reserve(source.count).initialize(from: address, count: source.count)
        used += source.count
    }

    /// Appends the UTF-8 bytes of `string`.
    @inlinable public mutating func append(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ append(bytes: $0) }) == nil {
            var copy = string
            copy.withUTF8 { append(bytes: $0) }
        }
    }

    /// Appends one byte.
    @inlinable public mutating func append(byte: UInt8) {
        reserve(1).pointee = byte
        used += 1
    }

    /// Appends a line feed.
    @inlinable public mutating func appendNewline() {
        append(byte: 0x0A)
    }

    /// `count` spaces.
    @inlinable public mutating func append(spaces count: Int) {
        guard count > 0 else { return }
        reserve(count).initialize(repeating: 0x20, count: count)
        used += count
    }

    /// The bytes of another buffer.
    @inlinable public mutating func append(_ other: OutputBuffer) {
        withExtendedLifetime(other.storage) { append(bytes: UnsafeBufferPointer(start: other.base, count: other.used)) }
    }

    /// A decimal integer.
    @inlinable public mutating func append(_ value: Int) {
        if value >= 0 && value < 10 {
            append(byte: 0x30 &+ UInt8(truncatingIfNeeded: value))
        } else {
            appendDigits(value)
        }
    }

    @usableFromInline mutating func appendDigits(_ value: Int) {
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var scan = magnitude / 10
        while scan > 0 {
            digits += 1
            scan /= 10
        }
        let destination = reserve(digits)
        var position = digits
        repeat {
            position -= 1
            destination[position] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        used += digits
    }

    /// An exact decimal as ``ExactDecimal/description`` writes it (`1000.25`, `-2`) or, with
    /// `vietnamese`, as ``ExactDecimal/formatted`` does (`1.000,25`).
    public mutating func append(_ value: ExactDecimal, vietnamese: Bool) {
        let magnitude = value.units.magnitude
        let whole = magnitude / UInt64(ExactDecimal.unitsPerOne)
        var fraction = magnitude % UInt64(ExactDecimal.unitsPerOne)
        if value.units < 0 { append(byte: UInt8(ascii: "-")) }
        if vietnamese && whole >= 1000 {
            var groups: [UInt64] = []
            var rest = whole
            while rest >= 1000 {
                groups.append(rest % 1000)
                rest /= 1000
            }
            append(Int(rest))
            for group in groups.reversed() {
                append(byte: UInt8(ascii: "."))
                append(byte: 0x30 &+ UInt8(group / 100))
                append(byte: 0x30 &+ UInt8(group / 10 % 10))
                append(byte: 0x30 &+ UInt8(group % 10))
            }
        } else {
            append(Int(whole))
        }
        guard fraction != 0 else { return }
        append(byte: vietnamese ? UInt8(ascii: ",") : UInt8(ascii: "."))
        var places = ExactDecimal.scale
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        var divisor: UInt64 = 1
        for _ in 1..<places { divisor *= 10 }
        while divisor > 0 {
            append(byte: 0x30 &+ UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    // MARK: Quoted fields

    /// A JSON string: quoted, with `"`, `\`, and control characters escaped exactly like ``JSONText``.
    public mutating func appendJSON(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ appendJSON(utf8: $0) }) == nil {
            var copy = string
            copy.withUTF8 { appendJSON(utf8: $0) }
        }
    }

    /// The bytes of `other` as a JSON string.
    public mutating func appendJSON(contentsOf other: OutputBuffer) {
        withExtendedLifetime(other.storage) { appendJSON(utf8: UnsafeBufferPointer(start: other.base, count: other.used)) }
    }

    mutating func appendJSON(utf8: UnsafeBufferPointer<UInt8>) {
        append(byte: UInt8(ascii: "\""))
        if let source = utf8.baseAddress {
            let count = utf8.count
            let raw = UnsafeRawPointer(source)
            var start = 0
            var index = 0
            while index < count {
                // Eight bytes at a time while none needs escaping.
                if index + 8 <= count, !Self.needsJSONEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = source[index]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                append(bytes: UnsafeBufferPointer(start: source + start, count: index - start))
                append(byte: UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte: byte)
                case 0x0A: append(byte: UInt8(ascii: "n"))
                case 0x0D: append(byte: UInt8(ascii: "r"))
                case 0x09: append(byte: UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    append(byte: UInt8(ascii: "u"))
                    append(byte: 0x30)
                    append(byte: 0x30)
                    append(byte: hex[Int(byte >> 4)])
                    append(byte: hex[Int(byte & 0x0F)])
                }
                index += 1
                start = index
            }
            append(bytes: UnsafeBufferPointer(start: source + start, count: count - start))
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// Whether one of the eight bytes of `word` is a control character, `"` or `\`.
    @inline(__always)
    static func needsJSONEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & high
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return (control | ((quote &- ones) & ~quote & high) | ((backslash &- ones) & ~backslash & high)) != 0
    }

    /// Whether one of the eight bytes of `word` is `,`, `"`, a line feed or a carriage return.
    @inline(__always)
    static func needsCSVQuotes(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let comma = word ^ (ones &* 0x2C)
        let quote = word ^ (ones &* 0x22)
        let lineFeed = word ^ (ones &* 0x0A)
        let carriageReturn = word ^ (ones &* 0x0D)
        return
            (((comma &- ones) & ~comma) | ((quote &- ones) & ~quote) | ((lineFeed &- ones) & ~lineFeed)
            | ((carriageReturn &- ones) & ~carriageReturn)) & high != 0
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    public mutating func appendCSV(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ appendCSV(utf8: $0) }) == nil {
            var copy = string
            copy.withUTF8 { appendCSV(utf8: $0) }
        }
    }

    /// The bytes of `other` as a CSV field.
    public mutating func appendCSV(contentsOf other: OutputBuffer) {
        withExtendedLifetime(other.storage) { appendCSV(utf8: UnsafeBufferPointer(start: other.base, count: other.used)) }
    }

    mutating func appendCSV(utf8: UnsafeBufferPointer<UInt8>) {
        var quote = false
        var index = 0
        if let source = utf8.baseAddress {
            let raw = UnsafeRawPointer(source)
            while index + 8 <= utf8.count, !Self.needsCSVQuotes(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                quote = true
                break
            }
            index += 1
        }
        guard quote else { return append(bytes: utf8) }
        append(byte: UInt8(ascii: "\""))
        var start = 0
        for index in 0..<utf8.count where utf8[index] == UInt8(ascii: "\"") {
            append(bytes: UnsafeBufferPointer(rebasing: utf8[start...index]))
            append(byte: UInt8(ascii: "\""))
            start = index + 1
        }
        append(bytes: UnsafeBufferPointer(rebasing: utf8[start...]))
        append(byte: UInt8(ascii: "\""))
    }

    // MARK: Writing

    /// Writes the held bytes when there are at least ``chunkSize`` of them (memory mode: keeps them).
    @inlinable public mutating func flushIfFull() {
        if used >= Self.chunkSize && fileDescriptor >= 0 { flush() }
    }

    /// Writes every held byte (memory mode: keeps them). A failed write is remembered in
    /// ``writeError``; the bytes are dropped.
    public mutating func flush() {
        guard fileDescriptor >= 0, used > 0 else { return }
        if writeError == nil {
            var offset = 0
            while offset < used {
                let written = withExtendedLifetime(storage) { write(fileDescriptor, base + offset, used - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                    break
                }
                if written == 0 {
                    writeError = EIO
                    break
                }
                offset += written
            }
        }
        used = 0
    }

    /// Writes what is held and reports a failed write.
    public mutating func finish() throws(CommandFailure) {
        flush()
        if let writeError {
            throw CommandFailure("cannot write the output (\(String(cString: strerror(writeError))))")
        }
    }
}
