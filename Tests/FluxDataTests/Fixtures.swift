import CNetCDF
import FluxData
import Foundation

/// Builders for small NetCDF files, including broken ones, written with libnetcdf directly so
/// that tests do not depend on MdPL's own writer.
enum Fixture {
    /// A fresh temporary directory.
    static func directory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mdpl-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Variable {
        var name: String
        var units: String
        var values: [Float]
    }

    /// Writes a PLUMBER2-layout file: time (seconds since `origin`), data as (time, y, x) floats
    /// with _FillValue -9999, site scalars and global attributes.
    static func write(_ url: URL, times: [Double], timeUnits: String = "seconds since 2005-01-01 00:00:00",
                      variables: [Variable], igbp: String? = "GRA", latitude: Float = 45, longitude: Float = 9,
                      globals: [String: String] = ["site_code": "XX-Tst"]) {
        NetCDFLibrary.serialized {
            writeUnlocked(url, times: times, timeUnits: timeUnits, variables: variables, igbp: igbp, latitude: latitude,
                          longitude: longitude, globals: globals)
        }
    }

    private static func writeUnlocked(_ url: URL, times: [Double], timeUnits: String, variables: [Variable], igbp: String?,
                                      latitude: Float, longitude: Float, globals: [String: String]) {
        var ncid: Int32 = 0
        precondition(nc_create(url.path, NC_NETCDF4 | NC_CLOBBER, &ncid) == NC_NOERR)
        var x: Int32 = 0, y: Int32 = 0, t: Int32 = 0, c: Int32 = 0
        nc_def_dim(ncid, "x", 1, &x); nc_def_dim(ncid, "y", 1, &y)
        nc_def_dim(ncid, "time", times.count, &t); nc_def_dim(ncid, "nchar", 200, &c)
        var timeVar: Int32 = 0
        nc_def_var(ncid, "time", NC_DOUBLE, 1, [t], &timeVar)
        nc_put_att_text(ncid, timeVar, "units", timeUnits.utf8.count, timeUnits)
        var fill: Float = -9999
        var ids: [Int32] = []
        for v in variables {
            var id: Int32 = 0
            nc_def_var(ncid, v.name, NC_FLOAT, 3, [t, y, x], &id)
            nc_put_att_float(ncid, id, "_FillValue", NC_FLOAT, 1, &fill)
            nc_put_att_text(ncid, id, "units", v.units.utf8.count, v.units)
            ids.append(id)
        }
        var latVar: Int32 = 0, lonVar: Int32 = 0, igbpVar: Int32 = 0
        nc_def_var(ncid, "latitude", NC_FLOAT, 2, [y, x], &latVar)
        nc_def_var(ncid, "longitude", NC_FLOAT, 2, [y, x], &lonVar)
        if igbp != nil { nc_def_var(ncid, "IGBP_veg_short", NC_CHAR, 1, [c], &igbpVar) }
        for (k, v) in globals { nc_put_att_text(ncid, NC_GLOBAL, k, v.utf8.count, v) }
        nc_enddef(ncid)
        var tv = times
        nc_put_var_double(ncid, timeVar, &tv)
        for (id, v) in zip(ids, variables) { var vals = v.values; nc_put_var_float(ncid, id, &vals) }
        var lat = latitude, lon = longitude
        nc_put_var_float(ncid, latVar, &lat); nc_put_var_float(ncid, lonVar, &lon)
        if let igbp {
            var chars = Array(igbp.utf8).map { CChar(bitPattern: $0) } + [CChar](repeating: 32, count: 200 - igbp.utf8.count)
            nc_put_var_text(ncid, igbpVar, &chars)
        }
        precondition(nc_close(ncid) == NC_NOERR)
    }

    /// Half-hourly times for `days` days.
    static func halfHourly(days: Int) -> [Double] { (0..<(48 * days)).map { Double($0 * 1800) } }

    /// Plausible forcing for `n` steps (a diurnal cycle), with optional replacements.
    static func met(_ n: Int, replacing: [String: Variable] = [:], dropping: Set<String> = []) -> [Variable] {
        let hours = (0..<n).map { Double($0 % 48) / 2 }
        let sw = hours.map { Float(max(0, 800 * sin(Double.pi * ($0 - 6) / 12))) }
        var vars: [Variable] = [
            Variable(name: "SWdown", units: "W/m2", values: sw),
            Variable(name: "LWdown", units: "W/m2", values: [Float](repeating: 320, count: n)),
            Variable(name: "Tair", units: "K", values: hours.map { Float(288 + 5 * sin(Double.pi * ($0 - 9) / 12)) }),
            Variable(name: "Qair", units: "kg/kg", values: [Float](repeating: 0.008, count: n)),
            Variable(name: "Psurf", units: "Pa", values: [Float](repeating: 100000, count: n)),
            Variable(name: "Wind", units: "m/s", values: [Float](repeating: 2.5, count: n)),
            Variable(name: "Precip", units: "kg/m2/s", values: [Float](repeating: 0, count: n)),
            Variable(name: "CO2air", units: "ppm", values: [Float](repeating: 400, count: n)),
            Variable(name: "LAI", units: "1", values: [Float](repeating: 2, count: n)),
        ]
        vars = vars.filter { !dropping.contains($0.name) }.map { replacing[$0.name] ?? $0 }
        return vars
    }

    /// Fluxes for `n` steps.
    static func flux(_ n: Int, qle: [Float]? = nil) -> [Variable] {
        [Variable(name: "Qle", units: "W/m2", values: qle ?? (0..<n).map { Float($0 % 48) }),
         Variable(name: "Qle_qc", units: "1", values: (0..<n).map { Float($0 % 3) }),
         Variable(name: "Qh", units: "W/m2", values: [Float](repeating: 10, count: n))]
    }
}
