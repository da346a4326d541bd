package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The hard stop for parses stuck in CDT must never kill a thread inside a static initializer: the class would be
 * unusable for the rest of the JVM ("Could not initialize class ..."), and every later file would fail.
 */
class HardStopTest {

  /** Its initializer runs for a while, like a cold CDT class on a loaded machine. */
  static final class SlowToInitialise {
    static final long READY;

    static {
      long end = System.nanoTime() + 1_500_000_000L;
      long spins = 0;
      while (System.nanoTime() < end) spins++;
      READY = spins;
    }

    private SlowToInitialise() {}
  }

  @Test
  void aStopDuringAStaticInitializerWaitsUntilItIsDone() throws Exception {
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread parser = new Thread(() -> {
      try {
        long ready = SlowToInitialise.READY;
        assertTrue(ready > 0);
        while (true) Thread.onSpinWait(); // "stuck in the macro expander" once the class is ready
      } catch (Throwable t) {
        ended.set(t);
      }
    });
    CdtSetup.HardStop stop = new CdtSetup.HardStop(parser);
    parser.start();
    Thread.sleep(300);
    // Due at once: the watchdog's first looks land in <clinit>, and must wait for the initializer to finish.
    long now = System.nanoTime();
    CdtSetup.Watch watch = CdtSetup.Watchdog.watch(null, stop, now, now);
    parser.join(10_000);
    CdtSetup.Watchdog.unwatch(watch);

    assertEquals(ThreadDeath.class, ended.get() == null ? null : ended.get().getClass(),
        "the stuck thread was not stopped after the initializer finished");
    assertTrue(SlowToInitialise.READY > 0, "the class was poisoned by the stop");
  }

  @Test
  void aParseStartedAfterTheWatchdogParkedIsStillStopped() throws Exception {
    // Nothing to watch for longer than the watchdog's idle looks: it parks, and the next watch must wake it.
    Thread.sleep(CdtSetup.Watchdog.PERIOD_NANOS / 1_000_000 * 30);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread parser = new Thread(() -> {
      try {
        while (true) Thread.onSpinWait();
      } catch (Throwable t) {
        ended.set(t);
      }
    });
    parser.setDaemon(true); // a failure must not leave it spinning under the test JVM
    CdtSetup.HardStop stop = new CdtSetup.HardStop(parser);
    parser.start();
    long now = System.nanoTime();
    CdtSetup.Watch watch = CdtSetup.Watchdog.watch(null, stop, now, now);
    parser.join(5_000);
    CdtSetup.Watchdog.unwatch(watch);
    assertEquals(ThreadDeath.class, ended.get() == null ? null : ended.get().getClass(), "the parked watchdog never woke");
  }
}
