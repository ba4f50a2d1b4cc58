@testable import MdPLSupport
import Testing

@Suite struct TextTableTests {
    @Test func numbersAreRightAlignedAndNamesLeft() {
        for number in ["-1.5", "3e-06", "87%", "2.4×", "0"] { #expect(TextTable.isNumeric(number), "\(number)") }
        for name in ["e0", "e", "-", "g1", "Qle", ""] { #expect(!TextTable.isNumeric(name), "\(name)") }
        let table = TextTable(header: ["name", "value"], rows: [["e0", "5"], ["gammaSoil", "1400.0"]])
        #expect(table.text == "name       value\n---------  ------\ne0              5\ngammaSoil  1400.0\n")
    }
}
