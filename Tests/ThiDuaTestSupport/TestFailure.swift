/// A problem in a test's own set-up (a missing file, a command that should have succeeded …),
/// thrown so that the test fails with a readable message.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// A failure that says `description`.
    public init(_ description: String) { self.description = description }
}
