/// Latin hypercube designs in [0, 1)^d (McKay, Beckman & Conover 1979) with a maximin improvement:
/// coordinate swaps between two points within one dimension keep every one-dimensional
/// stratification exact and are accepted when they lower the φ_p criterion Σ d_ij^{−p}
/// (Morris & Mitchell 1995) with p = 15, which for large p ranks designs by their smallest
/// distances (maximin).
public enum LatinHypercube {
    /// `count` points in `dimensions` dimensions: one point per stratum [k/n, (k+1)/n) in every
    /// dimension, jittered inside its stratum; then `swaps` improvement attempts.
    public static func design(count n: Int, dimensions d: Int, swaps: Int? = nil,
                              using generator: inout some RandomNumberGenerator) -> [[Double]] {
        guard n > 0, d > 0 else { return [] }
        var points = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
        for j in 0..<d {
            let strata = (0..<n).shuffled(using: &generator)
            for i in 0..<n { points[i][j] = (Double(strata[i]) + Double.random(in: 0..<1, using: &generator)) / Double(n) }
        }
        guard n > 2 else { return points }
        let attempts = swaps ?? 20 * n * d
        var distances = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n { for b in (a + 1)..<n { distances[a][b] = squaredDistance(points[a], points[b]); distances[b][a] = distances[a][b] } }
        for _ in 0..<attempts {
            let j = Int.random(in: 0..<d, using: &generator)
            let a = Int.random(in: 0..<n, using: &generator)
            var b = Int.random(in: 0..<(n - 1), using: &generator)
            if b >= a { b += 1 }
            var candidate = points
            (candidate[a][j], candidate[b][j]) = (points[b][j], points[a][j])
            var changedA = distances[a], changedB = distances[b]
            for k in 0..<n where k != a && k != b {
                changedA[k] = squaredDistance(candidate[a], candidate[k])
                changedB[k] = squaredDistance(candidate[b], candidate[k])
            }
            changedA[b] = squaredDistance(candidate[a], candidate[b])
            changedB[a] = changedA[b]
            let oldTerms = phiTerms(distances[a], skip: a) + phiTerms(distances[b], skip: b) - phi(distances[a][b])
            let newTerms = phiTerms(changedA, skip: a) + phiTerms(changedB, skip: b) - phi(changedA[b])
            guard newTerms < oldTerms else { continue }
            points = candidate
            distances[a] = changedA
            distances[b] = changedB
            for k in 0..<n { distances[k][a] = changedA[k]; distances[k][b] = changedB[k] }
        }
        return points
    }

    /// The smallest pairwise Euclidean distance of a design.
    public static func minimumDistance(_ points: [[Double]]) -> Double {
        var best = Double.infinity
        for a in points.indices { for b in (a + 1)..<points.count { best = min(best, squaredDistance(points[a], points[b])) } }
        return best.squareRoot()
    }

    static func squaredDistance(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0
        for i in x.indices { let d = x[i] - y[i]; s += d * d }
        return s
    }

    /// d^{−p} for a squared distance, p = 15.
    static func phi(_ squared: Double) -> Double { 1 / (squared.squareRoot() * squared * squared * squared * squared * squared * squared * squared) }

    static func phiTerms(_ row: [Double], skip: Int) -> Double {
        var s = 0.0
        for (k, v) in row.enumerated() where k != skip { s += phi(v) }
        return s
    }
}
