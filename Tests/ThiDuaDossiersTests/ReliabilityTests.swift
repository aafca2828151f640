import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real `thidua` processes killed in the middle of an import, and two processes writing at once.
/// No timing is asserted: kills land wherever they land.
@Suite(.serialized) struct ReliabilityTests {
    @Test("an import of 100 dossiers killed 5 times (SIGKILL) leaves each dossier completely there or not at all")
    func killedImports() throws {
        let workspace = try Workspace { try $0.addPeople(100) }
        let files = try workspace.importFiles(1...100, submit: true)
        let arguments = ["dossier", "import", "--skip-imported"] + files
        // How long an uninterrupted import takes here, so that kills fall anywhere in it (a
        // calibration, not an assertion); then the same batch again on a fresh database.
        let start = Date()
        try workspace.ok(arguments, actor: "phan-duc-long")
        let duration = max(Date().timeIntervalSince(start), 0.2)
        #expect(try workspace.checkImportedConsistently() == 100)
        try workspace.reset()

        var kills = 0
        var counts: [Int] = []
        var runs = 0
        while kills < 5, runs < 60 {
            runs += 1
            let process = try workspace.process(arguments, actor: "phan-duc-long")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Double.random(in: 0.02...duration) * 1_000_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            let count = try workspace.checkImportedConsistently()
            counts.append(count)
            if count == 100, kills < 5 {
                try workspace.reset()  // everything is in: start the batch again to kill it again
            }
        }
        #expect(kills == 5)
        // Finishing the batch imports exactly the dossiers that are missing.
        try workspace.ok(arguments, actor: "phan-duc-long")
        #expect(try workspace.checkImportedConsistently() == 100)
        print("\(kills) kills in \(runs) runs; dossiers present after each run: \(counts); after finishing: 100")
    }

    @Test("two processes submitting and accepting at once: no lost write, no 'database is locked'")
    func twoProcesses() throws {
        let workspace = try Workspace { try $0.addPeople(80) }
        // 40 dossiers submitted now (to be accepted), 40 drafts (to be submitted).
        let toAccept = try workspace.importFiles(1...40, submit: true)
        let toSubmit = try workspace.importFiles(41...80, submit: false)
        try workspace.ok(["dossier", "import"] + toAccept + toSubmit, actor: "phan-duc-long")
        let ids = try workspace.list().compactMap { $0["id"] as? String }
        #expect(ids.count == 80)
        let auditBefore = try workspace.audit().count

        let submitter = try workspace.process(["dossier", "submit"] + ids[40...], actor: "phan-duc-long")
        let accepter = try workspace.process(["dossier", "accept"] + ids[..<40], actor: "do-thi-hong")
        let outputs = [Pipe(), Pipe(), Pipe(), Pipe()]
        submitter.standardOutput = outputs[0]
        submitter.standardError = outputs[1]
        accepter.standardOutput = outputs[2]
        accepter.standardError = outputs[3]
        try submitter.run()
        try accepter.run()
        let texts = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let data = outputs[index].fileHandleForReading.readDataToEndOfFile()
            texts.withLock { $0[index] = String(decoding: data, as: UTF8.self) }
        }
        submitter.waitUntilExit()
        accepter.waitUntilExit()
        let output = texts.withLock { $0 }
        #expect(submitter.terminationStatus == 0, "\(output[1] ?? "")")
        #expect(accepter.terminationStatus == 0, "\(output[3] ?? "")")
        for text in output.values {
            #expect(!text.contains("locked"))
            #expect(!text.contains("busy"))
        }
        #expect(output[0]?.split(separator: "\n").count == 40)
        #expect(output[2]?.split(separator: "\n").count == 40)

        let statuses = try workspace.list().map { $0["status"] as? String ?? "" }
        #expect(statuses == Array(repeating: "accepted", count: 40) + Array(repeating: "submitted", count: 40))
        let entries = try workspace.audit()
        #expect(entries.count == auditBefore + 80)
        #expect(entries.filter { $0.action == "dossier.accept" }.count == 40)
        #expect(entries.filter { $0.action == "dossier.submit" }.count == 40 + 40)
        #expect(try workspace.thidua(["audit", "verify"]).status == 0)
    }
}
