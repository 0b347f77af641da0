package io.saffron.qxl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerListener;

/** The whiteboard bookkeeping: the display property, updates and unbinds by service id. */
class InputListenersTest {

    private final InputListeners inputs = new InputListeners();

    @Test
    void theDisplayPropertyIsAnIntegerOrAbsent() {
        assertNull(InputListeners.display(null));
        assertEquals(2, InputListeners.display(2));
        assertEquals(2, InputListeners.display(2L));
        assertEquals(2, InputListeners.display(" 2 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputListeners.display("x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InputListeners.display(-1));
        assertThrows(IllegalArgumentException.class, () -> InputListeners.display(256));
        assertThrows(IllegalArgumentException.class, () -> InputListeners.display(1.5));
    }

    @Test
    void bindUpdateUnbind() {
        KeyboardListener k = e -> { };
        PointerListener p = e -> { };
        inputs.addKeyboard(k, Map.of("service.id", 10L));
        inputs.addPointer(p, Map.of("service.id", 11L, KeyboardListener.DISPLAY_PROPERTY, 1));
        assertEquals(List.of(new InputListeners.Registration<>(10L, k, null)), List.copyOf(inputs.keyboards()));
        assertTrue(inputs.pointers().get(0).matches(1));
        assertTrue(!inputs.pointers().get(0).matches(0));
        assertTrue(inputs.keyboards().get(0).matches(0));
        inputs.updatePointer(p, Map.of("service.id", 11L, KeyboardListener.DISPLAY_PROPERTY, 0));
        assertEquals(1, inputs.pointers().size());
        assertTrue(inputs.pointers().get(0).matches(0));
        inputs.updatePointer(p, Map.of("service.id", 11L, KeyboardListener.DISPLAY_PROPERTY, "zero"));
        assertEquals(0, inputs.pointers().size(), "an invalid display property stops delivery");
        inputs.removeKeyboard(Map.of("service.id", 10L));
        assertEquals(0, inputs.keyboards().size());
    }

    @Test
    void anInvalidDisplayPropertyIsNotBound() {
        inputs.addKeyboard(e -> { }, Map.of("service.id", 1L, KeyboardListener.DISPLAY_PROPERTY, "left"));
        assertEquals(0, inputs.keyboards().size());
    }
}
