/// Ordinary least squares y ≈ β0 + Σ βj xj. Predictors are centred and scaled to unit variance
/// before the normal equations are solved (Gaussian elimination with partial pivoting, in Double),
/// which keeps predictors like Tair ≈ 290 K well conditioned; a constant predictor (e.g. within a
/// cluster) gets a zero coefficient.
public struct LinearRegression: Sendable, Equatable {
    /// Intercept first, then one coefficient per predictor.
    public var coefficients: [Double]

    public init(coefficients: [Double]) { self.coefficients = coefficients }

    /// Fits `rows` (each the predictors of one sample) to `targets`.
    public init(rows: [[Double]], targets: [Double]) {
        let k = rows.first?.count ?? 0, p = k + 1
        let n = Double(max(rows.count, 1))
        let mean = (0..<k).map { j in rows.reduce(0) { $0 + $1[j] } / n }
        let sd = (0..<k).map { j -> Double in
            let v = rows.reduce(0) { $0 + ($1[j] - mean[j]) * ($1[j] - mean[j]) } / n
            return v > 0 ? v.squareRoot() : 0
        }
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var b = [Double](repeating: 0, count: p)
        for (row, y) in zip(rows, targets) {
            let x = [1] + (0..<k).map { sd[$0] > 0 ? (row[$0] - mean[$0]) / sd[$0] : 0 }
            for i in 0..<p {
                b[i] += x[i] * y
                for j in i..<p { a[i][j] += x[i] * x[j] }
            }
        }
        for i in 0..<p { for j in 0..<i { a[i][j] = a[j][i] } }
        for j in 1..<p where sd[j - 1] == 0 { a[j][j] = 1 }        // constant predictor: coefficient 0
        let standardised = Self.solve(a, b)
        var c = [Double](repeating: 0, count: p)
        c[0] = standardised[0]
        for j in 0..<k where sd[j] > 0 {
            c[j + 1] = standardised[j + 1] / sd[j]
            c[0] -= c[j + 1] * mean[j]
        }
        coefficients = c
    }

    /// The prediction for one row of predictors.
    @inline(__always)
    public func predict(_ row: [Double]) -> Double {
        var y = coefficients[0]
        for j in 0..<row.count { y += coefficients[j + 1] * row[j] }
        return y
    }

    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
        var a = matrix, b = rhs
        let n = b.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            guard a[column][column] != 0 else { continue }
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for k in (row + 1)..<n { s -= a[row][k] * x[k] }
            x[row] = a[row][row] != 0 ? s / a[row][row] : 0
        }
        return x
    }
}
