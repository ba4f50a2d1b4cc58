extension Sequence where Element == Double {
    /// The median of the finite values (the mean of the two middle ones for an even count), NaN
    /// when there are none. The summary statistic of every "median over sites" the tools print.
    public var finiteMedian: Double {
        let values = filter(\.isFinite).sorted()
        guard !values.isEmpty else { return .nan }
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2])
    }
}
