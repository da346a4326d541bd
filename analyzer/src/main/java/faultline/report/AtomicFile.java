package faultline.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a report so that readers (a CI upload step, an editor reloading the file) see either the old file or the
 * complete new one, never half of it: the bytes go to a hidden temporary file in the same directory, are synced to
 * disk, and the temporary file is renamed over the target.
 */
public final class AtomicFile {

  /** What produces the file's bytes. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /** Fails with a one-line {@link ReportException} when {@code target} is a directory or its directory is missing. */
  public static void write(Path target, Body body) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) throw new ReportException("output " + target + " is a directory");
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) throw new ReportException("output directory of " + target + " does not exist");
    // Not Files.createTempFile: that makes the file 0600, and the report should get the usual permissions.
    Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new ReportException("cannot write " + target + ": " + Baseline.describe(e), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Makes the rename itself durable; not every platform can open a directory, and then there is nothing to do. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the file's own bytes are already synced.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Leaves a hidden .tmp file behind; the report error is what the user needs to see.
    }
  }
}
