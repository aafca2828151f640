// yaml-bench-yams FILE [--iterations N]
//
// Reads FILE and decodes it into ProvinceModel.Province with Yams' YAMLDecoder,
// N times, and prints one line:
//   yams best_ms=… median_ms=… peak_rss_kb=… people=… … iterations=N
// Usually started as `yaml-bench yams FILE …` (see Package.swift for why this
// is a separate executable).
import Foundation
import BenchSupport
import ProvinceModel
import Yams

let usage = "usage: yaml-bench-yams FILE [--iterations N]"

func decodeWithYams(path: String) throws -> Province.Summary {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let province = try Yams.YAMLDecoder().decode(Province.self, from: data)
    return province.summary
}

func run() -> Int32 {
    let options: BenchArguments
    switch BenchArguments.parse(Array(CommandLine.arguments.dropFirst())) {
    case .success(let parsed):
        options = parsed
    case .failure(let error):
        printError("yaml-bench-yams: \(error.message)\n" + usage)
        return 2
    }
    do {
        let (timings, summary) = try measure(iterations: options.iterations) {
            try decodeWithYams(path: options.file)
        }
        print(resultLine(name: "yams", timings: timings, extra: summary.fields))
        return 0
    } catch {
        printError("yaml-bench-yams: \(error)")
        return 1
    }
}

exit(run())
