/// Annual global-mean atmospheric CO2, the fallback where a site has no CO2 measurement.
///
/// Values are the NOAA/GML global marine-surface annual means (Lan, Tans & Thoning,
/// https://gml.noaa.gov/ccgg/trends/global.html), rounded to 0.1 ppm. Years outside the table
/// take the nearest end value plus the recent trend (2.4 ppm per year after 2024).
public enum GlobalCO2 {
    static let firstYear = 1980
    static let annualMeans: [Double] = [
        338.9, 340.1, 340.9, 342.5, 344.1, 345.5, 347.0, 348.7, 351.2, 352.8,   // 1980–1989
        354.1, 355.4, 356.1, 356.8, 358.3, 360.2, 361.9, 363.1, 365.7, 367.8,   // 1990–1999
        369.0, 370.6, 372.6, 375.2, 377.0, 379.0, 381.2, 382.9, 385.0, 386.5,   // 2000–2009
        388.8, 390.6, 392.7, 395.4, 397.3, 399.7, 403.1, 405.2, 407.6, 410.1,   // 2010–2019
        412.4, 414.7, 417.1, 419.3, 422.8,                                      // 2020–2024
    ]

    /// The global annual mean for `year` [ppm].
    public static func annualMean(year: Int) -> Double {
        let i = year - firstYear
        if i < 0 { return annualMeans[0] }
        if i < annualMeans.count { return annualMeans[i] }
        return annualMeans[annualMeans.count - 1] + 2.4 * Double(i - annualMeans.count + 1)
    }
}
