extension Decoder {
    /// Adds a complete diagnostic (with its own location) to the decoding run, without stopping.
    /// Use it from a custom `init(from:)` that inspects ``yamlNode`` directly. Ignored by other
    /// decoders.
    public func report(_ diagnostic: Diagnostic) {
        (self as? NodeDecoder)?.state.report(diagnostic)
    }
}

extension Decoder {
    /// How many errors the current decoding run has reported so far (0 for other decoders).
    ///
    /// Decoding goes on after an error with stand-in values, to find further problems. A custom
    /// collection that decodes items one by one should compare this count before and after each
    /// item and leave out items whose decoding reported an error, as the built-in lists and
    /// dictionaries do, so that checks on the collection never see stand-ins.
    public var yamlErrorCount: Int {
        (self as? NodeDecoder)?.state.errorCount ?? 0
    }
}
