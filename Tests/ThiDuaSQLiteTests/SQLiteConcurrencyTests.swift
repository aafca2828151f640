import Foundation
import Synchronization
import Testing
import ThiDuaCore
import ThiDuaSQLite

/// Several connections writing to one database: waiting, retrying, and never "database is locked".
@Suite struct SQLiteConcurrencyTests {
    @Test("two connections writing at once both succeed, every row written once")
    func twoWriters() throws {
        let directory = try DatabaseDirectory()
        let stores = [try directory.open(), try directory.open()]
        try stores[0].write { try $0.execute("CREATE TABLE counts (worker INTEGER NOT NULL, step INTEGER NOT NULL)") }
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let store = stores[worker % 2]
            for step in 0..<25 {
                do {
                    try store.write { transaction in
                        // Read, then write: the pattern that fails with deferred transactions.
                        let before = try transaction.row("SELECT COUNT(*) AS n FROM counts")?.int("n") ?? 0
                        try transaction.execute("INSERT INTO counts (worker, step) VALUES (?, ?)", [worker, step])
                        let after = try transaction.row("SELECT COUNT(*) AS n FROM counts")?.int("n") ?? 0
                        if after != before + 1 { throw StoreError(.other, "another writer got in between") }
                    }
                } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(errors.withLock { $0 } == [])
        #expect(try directory.count("counts") == 100)
    }

    @Test("when the busy timeout is not enough, the unit of work is retried and succeeds")
    func retry() throws {
        let directory = try DatabaseDirectory()
        let holder = try directory.open()
        let waiter = try directory.open(SQLiteStore.Options(busyTimeout: 0.01, maximumWait: 60))
        try holder.write { try $0.execute("CREATE TABLE log (who TEXT NOT NULL)") }
        let locked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let holderError = Mutex<String?>(nil)
        Thread.detachNewThread {
            do {
                try holder.write { transaction in
                    try transaction.execute("INSERT INTO log (who) VALUES (?)", ["holder"])
                    locked.signal()
                    // Hold the write lock until the waiter has given up once and retried (at most 30 s).
                    for _ in 0..<3000 where waiter.busyRetries == 0 { usleep(10_000) }
                }
            } catch {
                holderError.withLock { $0 = "\(error)" }
            }
            finished.signal()
        }
        wait(locked, "the holder to take the lock")
        try waiter.write { try $0.execute("INSERT INTO log (who) VALUES (?)", ["waiter"]) }
        wait(finished, "the holder to finish")
        #expect(holderError.withLock { $0 } == nil)
        #expect(waiter.busyRetries > 0)
        let order = try directory.raw().read { try $0.rows("SELECT who FROM log ORDER BY rowid").map { try $0.string("who") } }
        #expect(order == ["holder", "waiter"])
    }

    @Test("after waiting long enough the caller gets a clear busy error, never 'database is locked'")
    func givesUp() throws {
        let directory = try DatabaseDirectory()
        let holder = try directory.open()
        let waiter = try directory.open(SQLiteStore.Options(busyTimeout: 0.01, maximumWait: 0.05))
        try holder.write { try $0.execute("CREATE TABLE log (who TEXT NOT NULL)") }
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? holder.write { transaction in
                try transaction.execute("INSERT INTO log (who) VALUES (?)", ["holder"])
                locked.signal()
                _ = release.wait(timeout: .now() + 30)
            }
            finished.signal()
        }
        wait(locked, "the holder to take the lock")
        let error = #expect(throws: StoreError.self) {
            try waiter.write { try $0.execute("INSERT INTO log (who) VALUES (?)", ["waiter"]) }
        }
        release.signal()
        wait(finished, "the holder to finish")
        #expect(error?.kind == .busy)
        #expect(
            error?.message.hasPrefix("the database at \(directory.database) is busy: another program has been using it") == true)
        #expect(error?.description.contains("locked") == false)
        #expect(try directory.count("log") == 1)
    }

    @Test("two inits at once apply each migration exactly once")
    func concurrentInit() throws {
        let directory = try DatabaseDirectory()
        let stores = [try directory.open(), try directory.open()]
        let plan = try Dossiers.plan([Dossiers.v1, Dossiers.v2])
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let run = try plan.apply(to: stores[index])
                outcomes.withLock { $0.append(run.failed.map { "failed: \($0.error)" } ?? "applied \(run.applied.count)") }
            } catch {
                outcomes.withLock { $0.append("error: \(error)") }
            }
        }
        let results = outcomes.withLock { $0 }
        #expect(results.allSatisfy { $0.hasPrefix("applied") }, "\(results)")
        #expect(results.compactMap { Int($0.dropFirst("applied ".count)) }.reduce(0, +) == 3)
        #expect(try directory.count("thidua_migrations") == 3)
        #expect(try directory.count("thidua_audit") == 3)
        let verification = try stores[0].read { try AuditLog.verify(in: $0) }
        #expect(verification.isIntact)
    }
}
