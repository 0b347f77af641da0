package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextBufferTest {

    private static void type(TextBuffer b, String s) {
        s.chars().forEach(b::type);
    }

    @Test
    void typedCharactersWrapIntoContinuationRows() {
        TextBuffer b = new TextBuffer(4, 10);
        type(b, "abcd");
        assertEquals(List.of("abcd"), b.rows());
        assertEquals(4, b.caretColumn(), "a full row keeps the caret until the next character");
        type(b, "efghij");
        assertEquals(List.of("abcd", "efgh", "ij"), b.rows());
        assertEquals(2, b.caretRow());
        assertEquals(2, b.caretColumn());
    }

    @Test
    void enterStartsANewRow() {
        TextBuffer b = new TextBuffer(4, 10);
        type(b, "ab");
        b.newline();
        b.newline();
        type(b, "c");
        assertEquals(List.of("ab", "", "c"), b.rows());
    }

    @Test
    void backspaceDeletesCharactersThenLineBreaks() {
        TextBuffer b = new TextBuffer(4, 10);
        type(b, "ab");
        b.newline();
        type(b, "c");
        b.backspace();
        assertEquals(List.of("ab", ""), b.rows());
        b.backspace();
        assertEquals(List.of("ab"), b.rows());
        assertEquals(2, b.caretColumn());
        b.backspace();
        b.backspace();
        b.backspace();
        assertEquals(List.of(""), b.rows(), "backspace on an empty first row does nothing");
    }

    @Test
    void backspaceGoesBackAcrossAWrap() {
        TextBuffer b = new TextBuffer(3, 10);
        type(b, "abcd");
        assertEquals(List.of("abc", "d"), b.rows());
        b.backspace();
        assertEquals(List.of("abc"), b.rows());
        assertEquals(3, b.caretColumn());
        b.backspace();
        assertEquals(List.of("ab"), b.rows());
        type(b, "xy");
        assertEquals(List.of("abx", "y"), b.rows());
    }

    @Test
    void onlyTheLastRowsAreKept() {
        TextBuffer b = new TextBuffer(2, 3);
        type(b, "aabbccdd");
        assertEquals(List.of("bb", "cc", "dd"), b.rows());
        b.newline();
        assertEquals(List.of("cc", "dd", ""), b.rows());
        b.backspace();
        b.backspace();
        b.backspace();
        assertEquals(List.of("cc"), b.rows());
        b.backspace();
        b.backspace();
        b.backspace();
        assertEquals(List.of(""), b.rows(), "the continuation of a dropped row stays as the first row");
    }

    @Test
    void aSingleRowBufferNeverLosesItsLastRow() {
        TextBuffer b = new TextBuffer(2, 1);
        type(b, "abc");
        assertEquals(List.of("c"), b.rows());
        b.backspace();
        assertEquals(List.of(""), b.rows());
        b.backspace();
        assertEquals(List.of(""), b.rows());
    }

    @Test
    void clearLeavesOneEmptyRow() {
        TextBuffer b = new TextBuffer(2, 3);
        type(b, "abcde");
        b.clear();
        assertEquals(List.of(""), b.rows());
        assertEquals(0, b.caretRow());
    }

    @Test
    void charactersBeyondTheBmpAreStoredAsOne() {
        TextBuffer b = new TextBuffer(5, 1);
        b.type(0x1F600);
        assertEquals(List.of(String.valueOf(TextBuffer.REPLACEMENT)), b.rows());
    }

    @Test
    void wrongArgumentsNameTheExpectedValues() {
        assertEquals("text buffer of 0 columns and 3 rows (expected: at least 1 each)",
                assertThrows(IllegalArgumentException.class, () -> new TextBuffer(0, 3)).getMessage());
        assertEquals("code point 0 types nothing (expected: > 0)",
                assertThrows(IllegalArgumentException.class, () -> new TextBuffer(1, 1).type(0)).getMessage());
    }
}
