import CNetCDF
import Foundation

/// A NetCDF file opened read-only through libnetcdf (classic, 64-bit offset and NetCDF-4 formats).
///
/// Every failure is reported as a `DataError` naming the file, the variable and libnetcdf's reason.
public final class NetCDFFile {
    /// The path the file was opened from.
    public let path: String
    private let ncid: Int32

    /// Opens `path` for reading.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(file: path, "file does not exist")
        }
        var id: Int32 = 0
        let status = NetCDFLibrary.serialized { nc_open(path, NC_NOWRITE, &id) }
        guard status == NC_NOERR else {
            throw DataError(file: path, "cannot open as NetCDF (\(Self.reason(status))); "
                            + "the file may be truncated or not a NetCDF file")
        }
        ncid = id
    }

    deinit { NetCDFLibrary.serialized { _ = nc_close(ncid) } }

    static func reason(_ status: Int32) -> String { String(cString: nc_strerror(status)) }

    /// Text of a NUL-terminated (or padded) C character buffer.
    static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func check(_ status: Int32, _ variable: String?, _ what: String) throws {
        guard status == NC_NOERR else {
            throw DataError(file: path, variable: variable,
                            "\(what) failed (\(Self.reason(status))); the file may be truncated or corrupt")
        }
    }

    /// Whether a variable of this name exists.
    public func hasVariable(_ name: String) -> Bool {
        var id: Int32 = 0
        return NetCDFLibrary.serialized { nc_inq_varid(ncid, name, &id) } == NC_NOERR
    }

    private func variableID(_ name: String) throws -> Int32 {
        var id: Int32 = 0
        let status = nc_inq_varid(ncid, name, &id)
        guard status == NC_NOERR else {
            throw DataError(file: path, variable: name, "variable is missing from the file")
        }
        return id
    }

    /// The dimension lengths of a variable, outermost first.
    public func shape(of name: String) throws -> [Int] {
        try NetCDFLibrary.serialized { try unlockedShape(of: name) }
    }

    private func unlockedShape(of name: String) throws -> [Int] {
        let id = try variableID(name)
        var rank: Int32 = 0
        try check(nc_inq_varndims(ncid, id, &rank), name, "reading the rank")
        var dims = [Int32](repeating: 0, count: Int(rank))
        try check(nc_inq_vardimid(ncid, id, &dims), name, "reading the dimensions")
        return try dims.map { dim in
            var length = 0
            try check(nc_inq_dimlen(ncid, dim, &length), name, "reading a dimension length")
            return length
        }
    }

    /// Reads a numeric variable as Double, flattened in file order. Values equal to `_FillValue`
    /// or `missing_value` become NaN; `scale_factor` and `add_offset` are applied.
    public func readDoubles(_ name: String) throws -> [Double] {
        try NetCDFLibrary.serialized { try unlockedReadDoubles(name) }
    }

    private func unlockedReadDoubles(_ name: String) throws -> [Double] {
        let id = try variableID(name)
        let count = try shape(of: name).reduce(1, *)
        var type: Int32 = 0
        try check(nc_inq_vartype(ncid, id, &type), name, "reading the type")
        guard type != NC_CHAR && type != NC_STRING else {
            throw DataError(file: path, variable: name, "expected a numeric variable, found text")
        }
        var values = [Double](repeating: .nan, count: count)
        if count > 0 {
            try check(nc_get_var_double(ncid, id, &values), name, "reading \(count) values")
        }
        let fills = [numericAttribute(name, "_FillValue"), numericAttribute(name, "missing_value")]
            .compactMap { $0 }
        // A float fill of -9999 converts to Double exactly, so equality is safe. Values from
        // libnetcdf's default fill (NC_FILL_FLOAT/DOUBLE, 9.97e36: never written) count as missing
        // too; anything smaller is a value, which range checks judge (so 1e30 is reported as out
        // of range, not as missing).
        for i in values.indices
        where fills.contains(values[i]) || !values[i].isFinite || abs(values[i]) >= 9.9e36 {
            values[i] = .nan
        }
        let scale = numericAttribute(name, "scale_factor") ?? 1
        let offset = numericAttribute(name, "add_offset") ?? 0
        if scale != 1 || offset != 0 {
            for i in values.indices { values[i] = values[i] * scale + offset }
        }
        return values
    }

    /// Reads a character variable (e.g. `IGBP_veg_short`) as trimmed text.
    public func readText(_ name: String) throws -> String {
        try NetCDFLibrary.serialized { try unlockedReadText(name) }
    }

    private func unlockedReadText(_ name: String) throws -> String {
        let id = try variableID(name)
        let count = try shape(of: name).reduce(1, *)
        var type: Int32 = 0
        try check(nc_inq_vartype(ncid, id, &type), name, "reading the type")
        guard type == NC_CHAR else {
            throw DataError(file: path, variable: name, "expected a character variable")
        }
        var chars = [CChar](repeating: 0, count: count + 1)
        try check(nc_get_var_text(ncid, id, &chars), name, "reading text")
        return Self.text(chars).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
    }

    /// A text attribute of a variable, or of the file when `variable` is nil.
    public func textAttribute(_ variable: String?, _ attribute: String) -> String? {
        NetCDFLibrary.serialized { unlockedTextAttribute(variable, attribute) }
    }

    private func unlockedTextAttribute(_ variable: String?, _ attribute: String) -> String? {
        guard let id = attributeOwner(variable) else { return nil }
        var type: Int32 = 0
        var length = 0
        guard nc_inq_att(ncid, id, attribute, &type, &length) == NC_NOERR, type == NC_CHAR else {
            return nil
        }
        var chars = [CChar](repeating: 0, count: length + 1)
        guard nc_get_att_text(ncid, id, attribute, &chars) == NC_NOERR else { return nil }
        return Self.text(chars).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first value of a numeric attribute of a variable (or of the file when `variable` is nil).
    public func numericAttribute(_ variable: String?, _ attribute: String) -> Double? {
        NetCDFLibrary.serialized { unlockedNumericAttribute(variable, attribute) }
    }

    private func unlockedNumericAttribute(_ variable: String?, _ attribute: String) -> Double? {
        guard let id = attributeOwner(variable) else { return nil }
        var type: Int32 = 0
        var length = 0
        guard nc_inq_att(ncid, id, attribute, &type, &length) == NC_NOERR,
              type != NC_CHAR, type != NC_STRING, length >= 1 else { return nil }
        var values = [Double](repeating: .nan, count: length)
        guard nc_get_att_double(ncid, id, attribute, &values) == NC_NOERR else { return nil }
        return values[0]
    }

    private func attributeOwner(_ variable: String?) -> Int32? {
        guard let variable else { return NC_GLOBAL }
        var id: Int32 = 0
        return nc_inq_varid(ncid, variable, &id) == NC_NOERR ? id : nil
    }
}
