import CNetCDF
import Foundation
import MdPLSupport

/// One variable to write on a site's time axis.
public struct OutputVariable: Sendable {
    public var name: String
    public var units: String
    public var longName: String
    /// Values; NaN is written as the fill value.
    public var values: [Double]
    /// Optional quality flags, written as `<name>_qc`.
    public var qc: [Int8]?
    /// Extra attributes (e.g. `standard_name`, `source`).
    public var attributes: [String: String]

    public init(name: String, units: String, longName: String, values: [Double], qc: [Int8]? = nil,
                attributes: [String: String] = [:]) {
        self.name = name
        self.units = units
        self.longName = longName
        self.values = values
        self.qc = qc
        self.attributes = attributes
    }
}

/// Writes site time series as ALMA/CF NetCDF in the PLUMBER2 layout: dimensions `x = y = 1`,
/// `time`, `nchar = 200`; `time` as float64 `seconds since <first year>-01-01 00:00:00` marking
/// interval starts in local standard time; data as float32 `(time, y, x)` with `_FillValue`
/// −9999, `units` and `long_name`; site variables latitude, longitude, elevation,
/// reference_height, canopy_height and IGBP_veg_short. NetCDF-4 classic model, zlib level 4 with
/// shuffle. The file is written to a temporary name and renamed, so it is never half-written.
public enum ALMAWriter {
    public static let fillValue: Float = -9999

    /// Writes `variables` for `site` on `time` to `url`.
    public static func write(to url: URL, site: SiteInfo, time: TimeAxis, variables: [OutputVariable],
                             title: String, globalAttributes: [String: String] = [:]) throws {
        for v in variables where v.values.count != time.count || (v.qc.map { $0.count != time.count } ?? false) {
            throw DataError(file: url.path, variable: v.name,
                            "has \(v.values.count) values for a time axis of \(time.count) steps")
        }
        try AtomicFile.produce(at: url) { temporary in
            try NetCDFLibrary.serialized {
                try writeFile(path: temporary.path, displayPath: url.path, site: site, time: time,
                              variables: variables, title: title, globalAttributes: globalAttributes)
            }
        }
    }

    private static func writeFile(path: String, displayPath: String, site: SiteInfo, time: TimeAxis,
                                  variables: [OutputVariable], title: String,
                                  globalAttributes: [String: String]) throws {
        func check(_ status: Int32, _ variable: String? = nil, _ what: String) throws {
            guard status == NC_NOERR else {
                throw DataError(file: displayPath, variable: variable,
                                "\(what) failed: \(String(cString: nc_strerror(status)))")
            }
        }
        var ncid: Int32 = 0
        try check(nc_create(path, NC_NETCDF4 | NC_CLASSIC_MODEL | NC_CLOBBER, &ncid), nil, "creating the file")
        var closed = false
        defer { if !closed { nc_close(ncid) } }

        var xDim: Int32 = 0, yDim: Int32 = 0, timeDim: Int32 = 0, charDim: Int32 = 0
        try check(nc_def_dim(ncid, "x", 1, &xDim), nil, "defining x")
        try check(nc_def_dim(ncid, "y", 1, &yDim), nil, "defining y")
        try check(nc_def_dim(ncid, "time", time.count, &timeDim), nil, "defining time")
        try check(nc_def_dim(ncid, "nchar", 200, &charDim), nil, "defining nchar")

        func text(_ varid: Int32, _ name: String, _ value: String) throws {
            try check(nc_put_att_text(ncid, varid, name, value.utf8.count, value), name, "writing attribute")
        }

        var xVar: Int32 = 0, yVar: Int32 = 0, timeVar: Int32 = 0
        try check(nc_def_var(ncid, "x", NC_DOUBLE, 1, [xDim], &xVar), "x", "defining")
        try check(nc_def_var(ncid, "y", NC_DOUBLE, 1, [yDim], &yVar), "y", "defining")
        try check(nc_def_var(ncid, "time", NC_DOUBLE, 1, [timeDim], &timeVar), "time", "defining")
        let origin = CivilDateTime(year: time.start.year, month: 1, day: 1)
        try text(timeVar, "units", "seconds since \(origin.dateText) 00:00:00")
        try text(timeVar, "calendar", "standard")
        try text(timeVar, "standard_name", "time")
        try text(timeVar, "long_name", "time (start of averaging interval, local standard time)")

        var dataVars: [(Int32, [Float])] = []
        var fill = fillValue
        func defineSeries(_ name: String, units: String, longName: String, values: [Float],
                          attributes: [String: String]) throws {
            var varid: Int32 = 0
            try check(nc_def_var(ncid, name, NC_FLOAT, 3, [timeDim, yDim, xDim], &varid), name, "defining")
            try check(nc_def_var_deflate(ncid, varid, 1, 1, 4), name, "setting compression")
            try check(nc_put_att_float(ncid, varid, "_FillValue", NC_FLOAT, 1, &fill), name, "writing _FillValue")
            try text(varid, "units", units)
            try text(varid, "long_name", longName)
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try text(varid, key, value) }
            dataVars.append((varid, values))
        }
        for v in variables {
            let values = v.values.map { $0.isFinite ? Float($0) : fillValue }
            var attributes = v.attributes
            if v.qc != nil { attributes["ancillary_variables"] = v.name + "_qc" }
            try defineSeries(v.name, units: v.units, longName: v.longName, values: values, attributes: attributes)
            if let qc = v.qc {
                let flags = qc.map { $0 == QualityFlag.unknown ? fillValue : Float($0) }
                try defineSeries(v.name + "_qc", units: "1", longName: "\(v.name) quality control flag",
                                 values: flags, attributes: [
                                    "flag_meanings": "0 measured; 1-3 gap-filled good to poor; 4 reanalysis; 5 statistical fill or synthesis; fill value = quality unknown",
                                 ])
            }
        }

        var siteVars: [(Int32, Float)] = []
        func defineScalar(_ name: String, _ value: Double?, units: String, longName: String) throws {
            var varid: Int32 = 0
            try check(nc_def_var(ncid, name, NC_FLOAT, 2, [yDim, xDim], &varid), name, "defining")
            try check(nc_put_att_float(ncid, varid, "_FillValue", NC_FLOAT, 1, &fill), name, "writing _FillValue")
            try text(varid, "units", units)
            try text(varid, "long_name", longName)
            siteVars.append((varid, value.map(Float.init) ?? fillValue))
        }
        try defineScalar("latitude", site.latitude, units: "degrees_north", longName: "Latitude")
        try defineScalar("longitude", site.longitude, units: "degrees_east", longName: "Longitude")
        try defineScalar("elevation", site.elevation, units: "m", longName: "Site elevation")
        try defineScalar("reference_height", site.referenceHeight, units: "m", longName: "Reference height of flux tower")
        try defineScalar("canopy_height", site.canopyHeight, units: "m", longName: "Canopy height")
        var igbpVar: Int32 = 0
        try check(nc_def_var(ncid, "IGBP_veg_short", NC_CHAR, 1, [charDim], &igbpVar), "IGBP_veg_short", "defining")
        try text(igbpVar, "long_name", "IGBP vegetation type (short)")

        var globals: [String: String] = [
            "title": title,
            "site_code": site.code,
            "Conventions": "CF-1.6",
            "utc_offset_hours_source": site.utcOffsetSource,
            "time_stamp_convention": "time = start of each averaging interval, local standard time",
        ]
        if let name = site.name { globals["site_name"] = name }
        if let country = site.country { globals["country"] = country }
        for (key, value) in globalAttributes { globals[key] = value }
        for (key, value) in globals.sorted(by: { $0.key < $1.key }) { try text(NC_GLOBAL, key, value) }
        var offset = site.utcOffsetHours
        try check(nc_put_att_double(ncid, NC_GLOBAL, "utc_offset_hours", NC_DOUBLE, 1, &offset), nil,
                  "writing utc_offset_hours")

        try check(nc_enddef(ncid), nil, "finishing the header")
        var zero = 0.0
        try check(nc_put_var_double(ncid, xVar, &zero), "x", "writing")
        try check(nc_put_var_double(ncid, yVar, &zero), "y", "writing")
        let offsetSeconds = Double(time.start.secondsSinceEpoch - origin.secondsSinceEpoch)
        var seconds = (0..<time.count).map { offsetSeconds + Double($0 * time.stepSeconds) }
        try check(nc_put_var_double(ncid, timeVar, &seconds), "time", "writing")
        for (varid, values) in dataVars {
            var buffer = values
            try check(nc_put_var_float(ncid, varid, &buffer), nil, "writing data")
        }
        for (varid, value) in siteVars {
            var v = value
            try check(nc_put_var_float(ncid, varid, &v), nil, "writing a site variable")
        }
        var chars = Array(site.igbp.utf8.prefix(200)).map { CChar(bitPattern: $0) }
        chars += [CChar](repeating: 32, count: 200 - chars.count)
        try check(nc_put_var_text(ncid, igbpVar, &chars), "IGBP_veg_short", "writing")
        closed = true
        let status = nc_close(ncid)
        if status != NC_NOERR, let free = freeBytes(near: path), free < 1 << 20 {
            throw DataError(file: displayPath, "writing the file failed: no space left on the device (\(free / 1024) kB free)")
        }
        try check(status, nil, "closing the file")
    }

    /// Bytes available to this user on the file system holding `path`'s directory.
    private static func freeBytes(near path: String) -> Int? {
        var stats = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &stats) == 0 else { return nil }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }
}
