package faultline.cli;

import faultline.scan.ScanListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-line progress bar on stderr, redrawn in place: only on a terminal and only for scans of more than
 * {@value #MIN_FILES} files, so logs and pipes never see carriage returns and small scans stay quiet.
 */
final class ProgressLine implements ScanListener {

  static final int MIN_FILES = 50;
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final AtomicInteger done = new AtomicInteger();
  private volatile int total;
  private volatile String phase = "parsing";
  private long lastDraw;
  private boolean drawn;

  ProgressLine(PrintStream err, boolean terminal) {
    this.err = err;
    this.enabled = terminal;
  }

  @Override public void filesFound(int count) {
    total = count;
  }

  @Override public void fileDone(String relativePath) {
    int n = done.incrementAndGet();
    draw(n == total);
  }

  @Override public void phase(String name) {
    phase = name;
    draw(true);
  }

  private synchronized void draw(boolean force) {
    if (!enabled || total <= MIN_FILES) return;
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    int n = Math.min(done.get(), total);
    int filled = (int) ((long) WIDTH * n / total);
    err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + n + "/" + total + " files, " + phase + "\u001b[K");
    err.flush();
    drawn = true;
  }

  /** Clears the line so the summary starts at column one. */
  synchronized void finish() {
    if (drawn) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
