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
    try {
      replace(absolute, body, false, true);
    } catch (IOException e) {
      throw new ReportException("cannot write " + target + ": " + Baseline.describe(e), e);
    }
  }

  /**
   * The same for a file of faultline's cache: readable by its owner only, as the cache's other files, and not synced
   * (its reader checks it, and a lost one is only made again). Its directory is created if need be.
   */
  public static void writeCacheFile(Path target, Body body) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Files.createDirectories(absolute.getParent());
    replace(absolute, body, true, false);
  }

  private static void replace(Path absolute, Body body, boolean ownerOnly, boolean sync) throws IOException {
    Path dir = absolute.getParent();
    removeStaleTemporaries(dir, absolute.getFileName().toString());
    // Not Files.createTempFile: that makes the file 0600, and the report should get the usual permissions.
    // The writer's pid is in the name so that a later run can tell a dead writer's leftover from a live one's.
    Path tmp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel channel = create(tmp, ownerOnly)) {
        // Buffered: a kernel's SARIF report is hundreds of megabytes, written in small pieces by the JSON writer.
        OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        body.writeTo(out);
        out.flush();
        if (sync) channel.force(true);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      if (sync) syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private static FileChannel create(Path tmp, boolean ownerOnly) throws IOException {
    java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (!ownerOnly || !tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return FileChannel.open(tmp, options);
    }
    return FileChannel.open(tmp, options, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
  }

  /**
   * A writer killed with SIGKILL (CI timeout, OOM killer) cannot delete its temporary file; the next write to the
   * same target does, when the pid in its name is no longer running. A pid that is alive (or reused) keeps its file:
   * never delete what a concurrent run may still rename. Best effort: a failure here must not stop the report.
   */
  static void removeStaleTemporaries(Path dir, String targetName) {
    String prefix = "." + targetName + ".";
    try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".tmp");
    })) {
      for (Path p : siblings) {
        String[] parts = p.getFileName().toString().substring(prefix.length()).split("\\.");
        if (parts.length != 3) continue;
        long pid;
        try {
          pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) deleteQuietly(p);
      }
    } catch (IOException | RuntimeException e) {
      // Leftovers stay; they are hidden files and the next run tries again.
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
