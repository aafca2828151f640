extension Decoder {
    /// Adds a complete diagnostic (with its own location) to the decoding run, without stopping.
    /// Use it from a custom `init(from:)` that inspects ``yamlNode`` directly. Ignored by other
    /// decoders.
    public func report(_ diagnostic: Diagnostic) {
        (self as? NodeDecoder)?.state.report(diagnostic)
    }
}
