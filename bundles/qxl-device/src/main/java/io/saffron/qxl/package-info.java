/**
 * Provides the display devices: the API that display and cursor channels consume, and the API that applications
 * draw and receive input with.
 *
 * <h2>Devices and their workers</h2>
 * The {@link io.saffron.qxl.QxlDevices} service lists the running {@link io.saffron.qxl.QxlDevice}s, one per
 * display id N. Each device has a worker loop ({@code spice-worker-N}) that drains the device's command queue in
 * batches of about 10 ms. A drained {@link io.saffron.qxl.QxlCommand} is first applied to the worker's own state,
 * the {@linkplain io.saffron.qxl.QxlDevice#framebuffer() framebuffer} of the primary surface (0x00RRGGBB pixels)
 * and the {@linkplain io.saffron.qxl.QxlDevice#cursor() pointer}, and then handed to the
 * {@link io.saffron.qxl.QxlCommandListener}s (the display and cursor channels) on that loop. A draw that reaches
 * beyond the surface is clipped; listeners only see the part inside it.
 *
 * <h2>Drawing: one application per device</h2>
 * An application {@linkplain io.saffron.qxl.QxlDevice#open(String) opens} a device and gets its
 * {@link io.saffron.qxl.DisplayCanvas}; a second open fails, naming the current owner, until the canvas is closed.
 * It draws into the canvas's {@link java.awt.image.BufferedImage} with Java 2D or by writing pixels, and flushes
 * the rectangles it changed: each flush becomes one {@link io.saffron.qxl.QxlCommand.Draw} that owns a copy of the
 * pixels, so the application may go on drawing at once. The canvas also sets, moves and hides the pointer
 * ({@link io.saffron.qxl.CursorShape}, with {@link io.saffron.qxl.CursorShape#arrow()} as the default).
 * {@link io.saffron.qxl.QxlDevice#snapshot()} returns a copy of the frame after every command submitted before it,
 * from any thread.
 *
 * <h2>Input: whiteboard listeners</h2>
 * Register a {@link io.saffron.qxl.KeyboardListener} or a {@link io.saffron.qxl.PointerListener} as an OSGi
 * service to receive the clients' input, optionally for one display only (service property
 * {@value io.saffron.qxl.KeyboardListener#DISPLAY_PROPERTY}, an Integer). Events are delivered on the display's
 * worker loop, in the order the client sent them; a listener must not block, and what it throws is logged and
 * goes no further. A pointer event also moves the device's pointer to its position (as a guest OS would), as a
 * {@link io.saffron.qxl.QxlCommand.MoveCursor} that the cursor channel sends on. Key events carry PC/AT set-1
 * scancodes, the modifiers, and the character typed on a US layout; {@link io.saffron.qxl.Scancodes} decodes and
 * maps them.
 *
 * <h2>Threads</h2>
 * Methods say which thread may call them. Worker-only methods ({@code framebuffer}, {@code cursor},
 * {@code addListener}, {@code removeListener}) throw {@link java.lang.IllegalStateException} from any other
 * thread, naming the caller's thread and the worker loop.
 */
@Export
@Version("0.2.0")
package io.saffron.qxl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
