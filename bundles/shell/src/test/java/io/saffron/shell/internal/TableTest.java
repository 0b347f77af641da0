package io.saffron.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableTest {

    @Test
    void columnsArePaddedToTheWidestCellTextLeftNumbersRight() {
        String table = new Table().left("channel").left("thread").right("clients").right("bytes out")
                .row("main:0", "spice-main", 1, "420 B")
                .row("display:0", "spice-worker-0", 12, "1.2 MiB")
                .toString();
        assertEquals(String.join("\n",
                "channel    thread          clients  bytes out",
                "main:0     spice-main            1      420 B",
                "display:0  spice-worker-0       12    1.2 MiB"), table);
    }

    @Test
    void noLineEndsInSpacesAndThereIsNoFinalLineBreak() {
        String table = new Table().right("n").left("name").row(1, "a").row(200, "a longer name").toString();
        for (String line : table.split("\n", -1)) {
            assertFalse(line.endsWith(" "), () -> "line ends in a space: '" + line + "'");
        }
        assertEquals("  n  name\n  1  a\n200  a longer name", table);
    }

    @Test
    void anEmptyTableIsItsHeader() {
        Table table = new Table().left("session").right("bytes in");
        assertEquals("session  bytes in", table.toString());
        assertEquals(0, table.size());
    }

    @Test
    void nullCellsShowADash() {
        assertEquals("a  b\n-  x", new Table().left("a").left("b").row(null, "x").toString());
    }

    @Test
    void aRowWithTheWrongNumberOfCellsNamesBothCounts() {
        Table table = new Table().left("a").left("b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("only one"));
        assertEquals("row has 1 cell(s) (expected: 2, one per column [a, b])", e.getMessage());
    }

    @Test
    void columnsCannotBeAddedAfterRows() {
        Table table = new Table().left("a").row("x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> table.left("b"));
        assertEquals("column b added after 1 row(s) (expected: every column before the first row)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "-1, -",
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "1126, 1.1 KiB",
        "1048524, 1023.9 KiB",
        "1048575, 1.0 MiB",
        "1258291, 1.2 MiB",
        "5368709120, 5.0 GiB",
        "9223372036854775807, 8.0 EiB"})
    void bytesAreInBinaryUnitsWithOneDecimal(long count, String expected) {
        assertEquals(expected, Table.bytes(count));
    }

    @ParameterizedTest
    @CsvSource({
        "-1, -",
        "0, 0.00 ms",
        "350000, 0.35 ms",
        "9994000, 9.99 ms",
        "42500000, 42.5 ms",
        "1530000000, 1530 ms"})
    void durationsAreInMilliseconds(long nanos, String expected) {
        assertEquals(expected, Table.millis(nanos));
    }

    @Test
    void countsAgreeWithTheirNoun() {
        assertEquals("0 sessions", Table.count(0, "session"));
        assertEquals("1 session", Table.count(1, "session"));
        assertEquals("6 channels", Table.count(6, "channel"));
    }
}
