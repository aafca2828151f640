// Shared by the decoder benchmark executables: monotonic timing, peak RSS,
// best/median, the one-line result format and the tiny command line.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Milliseconds on the monotonic clock.
public func monotonicMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) * 1e3 + Double(spec.tv_nsec) / 1e6
}

/// Peak resident set size of this process in KiB (`getrusage`, `ru_maxrss`).
public func peakRSSKilobytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return -1 }
    #if canImport(Darwin)
    return Int(usage.ru_maxrss) / 1024  // bytes on Darwin
    #else
    return Int(usage.ru_maxrss)  // KiB on Linux
    #endif
}

/// Best and median of a series of timings, in milliseconds.
public struct Timings: Sendable {
    public let samples: [Double]

    public init(samples: [Double]) { self.samples = samples.sorted() }

    public var best: Double { samples.first ?? .nan }

    public var median: Double {
        guard !samples.isEmpty else { return .nan }
        let middle = samples.count / 2
        return samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
    }
}

/// Runs `body` `iterations` times and times each run. `body` returns something
/// computed from its result so that the work cannot be optimised away; the last
/// one is returned.
public func measure<Result>(
    iterations: Int,
    _ body: () throws -> Result
) rethrows -> (timings: Timings, last: Result) {
    precondition(iterations > 0, "iterations must be positive")
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    var last: Result?
    for _ in 0..<iterations {
        let start = monotonicMilliseconds()
        let result = try body()
        samples.append(monotonicMilliseconds() - start)
        last = result
    }
    guard let last else { preconditionFailure("no iteration ran") }
    return (Timings(samples: samples), last)
}

/// Formats a millisecond value with two decimals, without Foundation.
public func formatMilliseconds(_ value: Double) -> String {
    guard value.isFinite else { return "nan" }
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// The one parseable result line:
/// `NAME best_ms=… median_ms=… peak_rss_kb=… key=value … iterations=N`.
public func resultLine(name: String, timings: Timings, extra: [(String, String)]) -> String {
    var fields = [
        name,
        "best_ms=\(formatMilliseconds(timings.best))",
        "median_ms=\(formatMilliseconds(timings.median))",
        "peak_rss_kb=\(peakRSSKilobytes())",
    ]
    fields += extra.map { "\($0.0)=\($0.1)" }
    fields.append("iterations=\(timings.samples.count)")
    return fields.joined(separator: " ")
}

/// `FILE [--iterations N]` (also `--iterations=N`), N defaults to 5.
public struct BenchArguments: Sendable {
    public var file: String
    public var iterations: Int

    /// Parses `arguments` (without the program name and mode); returns an
    /// error message for bad input.
    public static func parse(_ arguments: [String]) -> Result<BenchArguments, UsageError> {
        var file: String?
        var iterations = 5
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var value: String?
            if argument == "--iterations" || argument == "-n" {
                index += 1
                guard index < arguments.count else {
                    return .failure(UsageError(message: "missing value for \(argument)"))
                }
                value = arguments[index]
            } else if argument.hasPrefix("--iterations=") {
                value = String(argument.dropFirst("--iterations=".count))
            } else if argument.hasPrefix("-") && argument != "-" {
                return .failure(UsageError(message: "unknown option '\(argument)'"))
            } else if file == nil {
                file = argument
            } else {
                return .failure(UsageError(message: "unexpected argument '\(argument)'"))
            }
            if let value {
                guard let count = Int(value), count > 0 else {
                    return .failure(UsageError(message: "--iterations needs a positive integer, got '\(value)'"))
                }
                iterations = count
            }
            index += 1
        }
        guard let file else { return .failure(UsageError(message: "missing FILE")) }
        return .success(BenchArguments(file: file, iterations: iterations))
    }
}

public struct UsageError: Error, Sendable {
    public var message: String
}

/// Writes `text` and a newline to standard error.
public func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
