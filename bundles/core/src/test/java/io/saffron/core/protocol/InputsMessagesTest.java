package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.encodeHex;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.saffron.core.protocol.InputsMessages.ClientKeyModifiers;
import io.saffron.core.protocol.InputsMessages.InputsInit;
import io.saffron.core.protocol.InputsMessages.KeyDown;
import io.saffron.core.protocol.InputsMessages.KeyModifiers;
import io.saffron.core.protocol.InputsMessages.KeyScancode;
import io.saffron.core.protocol.InputsMessages.KeyUp;
import io.saffron.core.protocol.InputsMessages.MouseMotion;
import io.saffron.core.protocol.InputsMessages.MouseMotionAck;
import io.saffron.core.protocol.InputsMessages.MousePosition;
import io.saffron.core.protocol.InputsMessages.MousePress;
import io.saffron.core.protocol.InputsMessages.MouseRelease;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputsMessagesTest {

    static List<MessageCase> cases() {
        return List.of(
                // §9.1: the real server sends INIT 00 00
                MessageCase.exact("INPUTS_INIT", new InputsInit(0), "00 00", InputsInit::decode),
                MessageCase.exact("INPUTS_INIT", new InputsInit(InputsMessages.NUM_LOCK | InputsMessages.CAPS_LOCK),
                        "06 00", InputsInit::decode),
                MessageCase.exact("KEY_MODIFIERS", new KeyModifiers(InputsMessages.SCROLL_LOCK), "01 00",
                        KeyModifiers::decode),
                MessageCase.exact("MOUSE_MOTION_ACK", new MouseMotionAck(), "", MouseMotionAck::decode),
                // §9.3 table
                MessageCase.exact("KEY_DOWN", new KeyDown(0x1e), "1e 00 00 00", KeyDown::decode),
                MessageCase.exact("KEY_DOWN", new KeyDown(0x1de0), "e0 1d 00 00", KeyDown::decode),
                MessageCase.exact("KEY_UP", new KeyUp(0x9e), "9e 00 00 00", KeyUp::decode),
                MessageCase.exact("KEY_UP", new KeyUp(0xcde0), "e0 cd 00 00", KeyUp::decode),
                MessageCase.exact("KEY_MODIFIERS", new ClientKeyModifiers(InputsMessages.NUM_LOCK), "02 00",
                        ClientKeyModifiers::decode),
                MessageCase.of("KEY_SCANCODE", new KeyScancode(new byte[] {(byte) 0xe0, 0x4d, (byte) 0xe0,
                        (byte) 0xcd}), "e0 4d e0 cd", KeyScancode::decode, MessageCase.Shape.ANY),
                MessageCase.of("KEY_SCANCODE", new KeyScancode(new byte[] {0x1e, (byte) 0x9e}), "1e 9e",
                        KeyScancode::decode, MessageCase.Shape.ANY),
                MessageCase.of("KEY_SCANCODE", new KeyScancode(new byte[0]), "", KeyScancode::decode,
                        MessageCase.Shape.ANY),
                MessageCase.exact("MOUSE_MOTION", new MouseMotion(-3, 5, InputsMessages.BUTTON_MASK_LEFT),
                        "fdffffff 05000000 0100", MouseMotion::decode),
                MessageCase.exact("MOUSE_POSITION", new MousePosition(1023, 767, 0, 0), "ff030000 ff020000 0000 00",
                        MousePosition::decode),
                MessageCase.exact("MOUSE_POSITION", new MousePosition(-1, 0, 0xffff, 255), "ffffffff 00000000 ffff ff",
                        MousePosition::decode),
                // §9.4 observed: left click, right click, wheel up
                MessageCase.exact("MOUSE_PRESS", new MousePress(InputsMessages.BUTTON_LEFT,
                        InputsMessages.BUTTON_MASK_LEFT), "01 01 00", MousePress::decode),
                MessageCase.exact("MOUSE_PRESS", new MousePress(InputsMessages.BUTTON_RIGHT,
                        InputsMessages.BUTTON_MASK_RIGHT), "03 04 00", MousePress::decode),
                MessageCase.exact("MOUSE_PRESS", new MousePress(InputsMessages.BUTTON_UP, 0), "04 00 00",
                        MousePress::decode),
                MessageCase.exact("MOUSE_RELEASE", new MouseRelease(InputsMessages.BUTTON_LEFT, 0), "01 00 00",
                        MouseRelease::decode),
                MessageCase.exact("MOUSE_RELEASE", new MouseRelease(InputsMessages.BUTTON_RIGHT, 0), "03 00 00",
                        MouseRelease::decode));
    }

    /** §9.3: KEY_DOWN and KEY_UP codes, their wire bytes and the scancode bytes fed low to high. */
    @ParameterizedTest
    @CsvSource({
        "0x0000001E, 1e000000, 1e",
        "0x0000009E, 9e000000, 9e",
        "0x0000001D, 1d000000, 1d",
        "0x0000009D, 9d000000, 9d",
        "0x00001DE0, e01d0000, e01d",
        "0x00009DE0, e09d0000, e09d",
        "0x00004DE0, e04d0000, e04d",
        "0x0000CDE0, e0cd0000, e0cd",
        "0x00001DE1, e11d0000, e11d",
        "0x00000045, 45000000, 45",
        "0x000000C5, c5000000, c5",
        "0x00000000, 00000000, ''",
        "0x00450000, 00004500, ''",
        "0xC5E11DE1, e11de1c5, e11de1c5",
    })
    void keyCodesFollowTheScancodeTable(String code, String wire, String bytes) {
        int value = Integer.parseUnsignedInt(code.substring(2), 16);

        assertEquals(wire, encodeHex(new KeyDown(value)));
        assertEquals(wire, encodeHex(new KeyUp(value)));
        assertEquals(bytes, Feeds.hex(KeyDown.decode(wrapped(wire)).bytes()));
        assertEquals(bytes, Feeds.hex(KeyUp.decode(wrapped(wire)).bytes()));
    }

    @Test
    void scancodeBodiesRunToTheEnd() {
        KeyScancode tapped = KeyScancode.decode(wrapped("e0 4d e0 cd"));

        assertArrayEquals(Feeds.hex("e04de0cd"), tapped.codes());
        assertEquals(new KeyScancode(Feeds.hex("e04de0cd")), tapped);
    }

    @Test
    void serverAndClientKeyModifiersAreDifferentTypes() {
        assertEquals(102, KeyModifiers.TYPE);
        assertEquals(103, ClientKeyModifiers.TYPE);
    }

    @Test
    void constantsFollowSection9() {
        assertEquals(List.of(101, 102, 111, 101, 102, 103, 104, 111, 112, 113, 114), List.of(InputsInit.TYPE,
                KeyModifiers.TYPE, MouseMotionAck.TYPE, KeyDown.TYPE, KeyUp.TYPE, ClientKeyModifiers.TYPE,
                KeyScancode.TYPE, MouseMotion.TYPE, MousePosition.TYPE, MousePress.TYPE, MouseRelease.TYPE));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), List.of(InputsMessages.BUTTON_LEFT, InputsMessages.BUTTON_MIDDLE,
                InputsMessages.BUTTON_RIGHT, InputsMessages.BUTTON_UP, InputsMessages.BUTTON_DOWN,
                InputsMessages.BUTTON_SIDE, InputsMessages.BUTTON_EXTRA));
        assertEquals(List.of(0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40), List.of(InputsMessages.BUTTON_MASK_LEFT,
                InputsMessages.BUTTON_MASK_MIDDLE, InputsMessages.BUTTON_MASK_RIGHT, InputsMessages.BUTTON_MASK_UP,
                InputsMessages.BUTTON_MASK_DOWN, InputsMessages.BUTTON_MASK_SIDE, InputsMessages.BUTTON_MASK_EXTRA));
        assertEquals(4, InputsMessages.MOTION_ACK_BUNCH);
        assertEquals(0, InputsMessages.CAP_KEY_SCANCODE);
        assertEquals(List.of(1, 2, 4), List.of(InputsMessages.SCROLL_LOCK, InputsMessages.NUM_LOCK,
                InputsMessages.CAPS_LOCK));
    }

    @Test
    void narrowFieldsAreRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> new MousePress(256, 0));
        assertThrows(IllegalArgumentException.class, () -> new MouseRelease(1, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new MousePosition(0, 0, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> new MouseMotion(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new InputsInit(0x10000));
    }
}
