/// k-means clustering (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii 2007),
/// deterministic for a given generator.
public struct KMeans: Sendable {
    public var centroids: [[Double]]

    /// Clusters `points` into `k` groups, iterating until no point changes cluster or `iterations`.
    public init(points: [[Double]], k: Int, iterations: Int = 100, using generator: inout some RandomNumberGenerator) {
        precondition(!points.isEmpty && k >= 1)
        var centroids = [points[Int.random(in: 0..<points.count, using: &generator)]]
        var nearest = points.map { Self.squaredDistance($0, centroids[0]) }
        while centroids.count < min(k, points.count) {
            let total = nearest.reduce(0, +)
            var target = Double.random(in: 0..<max(total, .leastNonzeroMagnitude), using: &generator)
            var chosen = points.count - 1
            for (i, d) in nearest.enumerated() {
                target -= d
                if target < 0 { chosen = i; break }
            }
            centroids.append(points[chosen])
            for i in points.indices { nearest[i] = min(nearest[i], Self.squaredDistance(points[i], points[chosen])) }
        }
        var assignment = [Int](repeating: -1, count: points.count)
        for _ in 0..<iterations {
            var changed = false
            for i in points.indices {
                let c = Self.closest(points[i], centroids)
                if c != assignment[i] { assignment[i] = c; changed = true }
            }
            guard changed else { break }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: points[0].count), count: centroids.count)
            var counts = [Int](repeating: 0, count: centroids.count)
            for (i, c) in assignment.enumerated() {
                counts[c] += 1
                for j in points[i].indices { sums[c][j] += points[i][j] }
            }
            for c in centroids.indices where counts[c] > 0 { centroids[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        self.centroids = centroids
    }

    /// The index of the centroid nearest to `point`.
    public func cluster(of point: [Double]) -> Int { Self.closest(point, centroids) }

    static func closest(_ point: [Double], _ centroids: [[Double]]) -> Int {
        var best = 0, distance = Double.infinity
        for (c, centroid) in centroids.enumerated() {
            let d = squaredDistance(point, centroid)
            if d < distance { distance = d; best = c }
        }
        return best
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { let d = a[i] - b[i]; s += d * d }
        return s
    }
}
