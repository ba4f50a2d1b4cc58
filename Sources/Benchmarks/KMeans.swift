/// k-means clustering (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii 2007),
/// deterministic for a given generator.
public struct KMeans: Sendable {
    public let centroids: [[Double]]
    /// The centroids, row-major, for the distance loops.
    private let flatCentroids: [Double]

    /// Clusters `points` into `k` groups, iterating until no point changes cluster or `iterations`.
    public init(points: [[Double]], k: Int, iterations: Int = 100, using generator: inout some RandomNumberGenerator) {
        precondition(!points.isEmpty && k >= 1)
        // Points and centroids are kept flat (row-major) for the distance loops.
        let d = points[0].count, count = points.count
        let flat = points.flatMap { $0 }
        var centres = points[Int.random(in: 0..<count, using: &generator)]
        var nearest = (0..<count).map { Self.squaredDistance(flat, $0 * d, centres, 0, d) }
        while centres.count / d < min(k, count) {
            let total = nearest.reduce(0, +)
            var target = Double.random(in: 0..<max(total, .leastNonzeroMagnitude), using: &generator)
            var chosen = count - 1
            for (i, distance) in nearest.enumerated() {
                target -= distance
                if target < 0 { chosen = i; break }
            }
            centres += points[chosen]
            for i in 0..<count { nearest[i] = min(nearest[i], Self.squaredDistance(flat, i * d, flat, chosen * d, d)) }
        }
        let clusters = centres.count / d
        var assignment = [Int](repeating: -1, count: count)
        for _ in 0..<iterations {
            var changed = false
            flat.withUnsafeBufferPointer { p in
                centres.withUnsafeBufferPointer { centres in
                    for i in 0..<count {
                        let c = Self.closest(p, i * d, centres, clusters, d)
                        if c != assignment[i] { assignment[i] = c; changed = true }
                    }
                }
            }
            guard changed else { break }
            var sums = [Double](repeating: 0, count: clusters * d)
            var counts = [Int](repeating: 0, count: clusters)
            for (i, c) in assignment.enumerated() {
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += flat[i * d + j] }
            }
            for c in 0..<clusters where counts[c] > 0 {
                for j in 0..<d { centres[c * d + j] = sums[c * d + j] / Double(counts[c]) }
            }
        }
        centroids = (0..<clusters).map { Array(centres[($0 * d)..<($0 * d + d)]) }
        flatCentroids = centres
    }

    /// The index of the centroid nearest to `point`.
    public func cluster(of point: [Double]) -> Int {
        point.withUnsafeBufferPointer { p in
            flatCentroids.withUnsafeBufferPointer { Self.closest(p, 0, $0, centroids.count, point.count) }
        }
    }

    /// The nearest of `clusters` flat centroids to the point at `a[offset...]` (first on ties).
    static func closest(_ a: UnsafeBufferPointer<Double>, _ offset: Int, _ centres: UnsafeBufferPointer<Double>,
                        _ clusters: Int, _ d: Int) -> Int {
        var best = 0, distance = Double.infinity
        for c in 0..<clusters {
            var s = 0.0
            for k in 0..<d { let e = a[offset + k] - centres[c * d + k]; s += e * e }
            if s < distance { distance = s; best = c }
        }
        return best
    }

    /// ‖a[i...] − b[j...]‖² over `d` coordinates.
    static func squaredDistance(_ a: [Double], _ i: Int, _ b: [Double], _ j: Int, _ d: Int) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var s = 0.0
                for k in 0..<d { let e = a[i + k] - b[j + k]; s += e * e }
                return s
            }
        }
    }
}
