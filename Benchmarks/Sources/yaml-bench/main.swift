// yaml-bench thidua FILE [--iterations N]
// yaml-bench yams   FILE [--iterations N]   (hands over to yaml-bench-yams, see Package.swift)
//
// Decodes FILE into ProvinceModel.Province N times and prints one line:
//   thidua best_ms=… median_ms=… peak_rss_kb=… people=… … iterations=N
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchSupport
import ProvinceModel

let usage = """
    usage: yaml-bench thidua FILE [--iterations N]
           yaml-bench yams FILE [--iterations N]
    """

/// Directory of the running executable (Linux: /proc/self/exe; else argv[0]).
func executableDirectory() -> String {
    var path = CommandLine.arguments.first ?? "."
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
        path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}

/// Replaces this process with `yaml-bench-yams` from the same directory, so
/// the Yams run has its own process, peak RSS and copy of libyaml.
func handOverToYams(_ arguments: [String]) -> Never {
    let program = executableDirectory() + "/yaml-bench-yams"
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    execv(program, argv)
    printError("yaml-bench: cannot run \(program): \(String(cString: strerror(errno)))")
    exit(1)
}

func run() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let mode = arguments.first else {
        printError(usage)
        return 2
    }
    switch mode {
    case "yams":
        handOverToYams(Array(arguments.dropFirst()))
    case "thidua":
        break
    case "-h", "--help", "help":
        print(usage)
        return 0
    default:
        printError("yaml-bench: unknown mode '\(mode)'\n" + usage)
        return 2
    }

    let options: BenchArguments
    switch BenchArguments.parse(Array(arguments.dropFirst())) {
    case .success(let parsed):
        options = parsed
    case .failure(let error):
        printError("yaml-bench: \(error.message)\n" + usage)
        return 2
    }

    do {
        let (timings, summary) = try measure(iterations: options.iterations) {
            try decodeWithThiDua(path: options.file)
        }
        print(resultLine(name: "thidua", timings: timings, extra: summary.fields))
        return 0
    } catch {
        if let diagnostics = thiDuaDiagnostics(error) {
            for line in diagnostics { printError(line) }
        } else {
            printError("yaml-bench: \(error)")
        }
        return 1
    }
}

exit(run())
