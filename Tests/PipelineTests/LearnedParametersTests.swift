import LandModel
import Pipeline
import Testing

@Suite struct LearnedParametersTests {
    /// Values at, near and inside the ends of their ranges, counted per parameter and method.
    @Test func limitsCountValuesWithinTheMarginOfARangeEnd() {
        let base = LandParameters.defaults(for: .GRA)
        var learned = LearnedParameters(calibrated: [.g1, .pCrit], sites: ["A", "B"], defaults: [base, base])
        var atMinimum = base, inside = base
        atMinimum[.g1] = ParameterID.g1.spec.minimum                          // log scale: unit 0
        atMinimum[.pCrit] = ParameterID.pCrit.spec.value(fromUnit: 0.985)      // within 2 % of the top
        inside[.g1] = ParameterID.g1.spec.value(fromUnit: 0.03)               // just outside the margin
        inside[.pCrit] = 0.5
        learned.methods = [("search", [atMinimum, inside]), ("defaults", [base, base])]
        #expect(learned.limits.rows == [["search", "50", "1/2", "1/2"], ["defaults", "0", "0/2", "0/2"]])
    }
}
