import LandModel
import NeuralKit
import Surrogate
import Testing

@Suite struct SobolTests {
    @Test func firstPointsOfTheStandardSequence() {
        let p = SobolSequence(dimensions: 3).points(4)
        #expect(p[0] == [0.5, 0.5, 0.5])
        #expect(p[1] == [0.75, 0.25, 0.25])
        #expect(p[2] == [0.25, 0.75, 0.75])
        #expect(p[3] == [0.375, 0.375, 0.625])
    }

    /// Points 0…2^k − 1 (the origin, which `points` skips, and the next 2^k − 1) put exactly one
    /// point in each interval [j/2^k, (j+1)/2^k) of every dimension.
    @Test func everyDimensionIsStratified() {
        let k = 8, n = 1 << k
        let points = [[Double](repeating: 0, count: 20)] + SobolSequence(dimensions: 20).points(n - 1)
        for j in 0..<20 {
            let cells = Set(points.map { Int($0[j] * Double(n)) })
            #expect(cells.count == n, "dimension \(j + 1)")
        }
    }

    /// Two-dimensional projections of the first 2^k points fill every elementary box of area
    /// 2^−k with one point for t = 0 pairs; checked here on dimensions 1 and 2 (t = 0).
    @Test func firstTwoDimensionsFormANet() {
        let k = 6, n = 1 << k
        let points = [[0.0, 0.0]] + SobolSequence(dimensions: 2).points(n - 1)
        for split in 0...k {
            let cells = Set(points.map { p in Int(p[0] * Double(1 << split)) * (1 << (k - split)) + Int(p[1] * Double(1 << (k - split))) })
            #expect(cells.count == n, "boxes 2^-\(split) × 2^-\(k - split)")
        }
    }
}

@Suite struct LatinHypercubeTests {
    @Test func everyDimensionHasOnePointPerStratum() {
        var g = SeededGenerator(seed: 5)
        let design = LatinHypercube.design(count: 64, dimensions: 7, using: &g)
        for j in 0..<7 {
            #expect(Set(design.map { Int($0[j] * 64) }) == Set(0..<64), "dimension \(j)")
        }
    }

    @Test func maximinSwapsSpreadThePoints() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let plain = LatinHypercube.design(count: 40, dimensions: 5, swaps: 0, using: &a)
        let improved = LatinHypercube.design(count: 40, dimensions: 5, using: &b)
        #expect(LatinHypercube.minimumDistance(improved) > LatinHypercube.minimumDistance(plain))
    }

    @Test func sameSeedSameDesign() {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        #expect(LatinHypercube.design(count: 16, dimensions: 3, using: &a) == LatinHypercube.design(count: 16, dimensions: 3, using: &b))
    }
}

@Suite struct CalibratedParameterTests {
    @Test func defaultSubsetFollowsTheSpec() {
        #expect(CalibratedParameters.defaults(for: [.Qle, .Qh]) == [.g1, .rz0m, .zRoot, .pCrit, .sInt, .fRss, .gammaSoil])
        #expect(CalibratedParameters.defaults(for: [.Qle, .Qh, .NEE]).contains(.r10))
    }

    @Test func unitPointsMapToRangesAndKeepTheRest() {
        let base = LandParameters.defaults(for: .ENF)
        let sets = CalibratedParameters.parameterSets(points: [[0, 1], [0.5, 0.5]], calibrated: [.g1, .albC], base: base)
        #expect(sets[0].g1 == 0.5 && abs(sets[0].albC - 0.35) < 1e-15)
        #expect(abs(sets[1].g1 - (0.5 * 12).squareRoot()) < 1e-12)       // log scale: geometric mean
        #expect(sets[1].vcmax25 == base.vcmax25)
    }
}
