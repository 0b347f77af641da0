package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.saffron.core.ChannelClient;
import io.saffron.core.Client;
import io.saffron.qxl.KeyboardListener;

/**
 * End to end with a real spice-gtk client during display swaps (issue #4 item 7): remote-viewer (Debian's
 * virt-viewer) runs under Xvfb against the container; the display bundle is updated three times while it is
 * connected. The client keeps its one session and every connection (each display channel client is replaced on
 * the same connection), the process stays alive, and keys typed into its window afterwards (xdotool) reach the
 * device. Fails instead of skipping when a program is missing and {@code CI=true}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteViewerSwapIT extends SpiceTestSupport {

    private final List<Process> processes = new ArrayList<>();

    @Before
    public void ready() {
        RealClients.require("remote-viewer");
        RealClients.require("Xvfb");
        RealClients.require("xdotool");
        awaitAllChannels();
        awaitNoSessions();
    }

    @After
    public void stopClients() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        awaitNoSessions();
    }

    private Process start(String display, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("saffron-e2e", ".log").toFile());
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static String run(String display, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(String.join(" ", command) + " did not finish", p.waitFor(10, TimeUnit.SECONDS));
        return out.trim();
    }

    @Test
    public void remoteViewerStaysConnectedThroughDisplaySwapsAndItsKeysArrive() throws Exception {
        List<Integer> typed = Collections.synchronizedList(new ArrayList<>());
        // Every display: without a window manager the two windows stack at the same place, and the keys go to the
        // display whose window is under the pointer.
        registerForTest(KeyboardListener.class, e -> {
            if (e.pressed() && e.codePoint() != 0) {
                typed.add(e.codePoint());
            }
        }, null);

        int n = 90 + (int) (ProcessHandle.current().pid() % 9);
        String x = ":" + n;
        start(x, "Xvfb", x, "-screen", "0", "1280x1024x24", "-nolisten", "tcp");
        await("Xvfb " + x, () -> new File("/tmp/.X11-unix/X" + n).exists(), up -> up);
        Process viewer = start(x, "remote-viewer", "spice://127.0.0.1:" + server().address().getPort());

        Client session = awaitSession();
        ChannelClient display = awaitChannelClient(session, "display:0");
        awaitChannelClient(session, "inputs:0");
        await("display:0 has had its first frame", () -> display.connection().messagesOut(), m -> m > 3);
        Bundle bundle = installedBundle("io.saffron.channel.display");
        ChannelClient current = display;
        for (int i = 0; i < 3; i++) {
            ChannelClient before = current;
            long sentBefore = before.connection().bytesOut();
            try (InputStream jar = new FileInputStream(bundleFile("display"))) {
                bundle.update(jar);
            }
            current = await("display:0 handed over (swap " + (i + 1) + ")",
                    () -> findChannelClient(session, "display:0").orElse(null),
                    cc -> cc != null && cc != before && cc.state() == ChannelClient.State.CONNECTED);
            assertSame("the same connection", display.connection(), current.connection());
            await("the repaint went out", () -> display.connection().bytesOut(), b -> b > sentBefore + 1000);
            assertTrue("remote-viewer is alive after swap " + (i + 1), viewer.isAlive());
        }
        assertEquals("one session, the same", List.of(session.sessionId()),
                sessions().stream().map(Client::sessionId).toList());

        // The window of display 0: remote-viewer titles it "... (1)" (display 1, if any, is "... (2)").
        String window = await("the remote-viewer window of display 0", () -> {
            try {
                return run(x, "xdotool", "search", "--name", "Saffron.*\\(1\\)");
            } catch (Exception e) {
                return "";
            }
        }, w -> !w.isEmpty()).lines().findFirst().orElseThrow();
        run(x, "xdotool", "windowraise", window); // no window manager: raise it by hand, focus follows the pointer
        run(x, "xdotool", "mousemove", "--window", window, "200", "200", "click", "1");
        run(x, "xdotool", "type", "--delay", "60", "saffron");
        await("the typed keys at the device", Duration.ofSeconds(15), () -> {
            StringBuilder b = new StringBuilder();
            List.copyOf(typed).forEach(b::appendCodePoint);
            return b.toString();
        }, s -> s.endsWith("saffron"));
        assertTrue("remote-viewer is still alive", viewer.isAlive());
    }
}
