package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @TempDir Path dir;

  private long entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("report.sarif"), "old");
    AtomicFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertEquals("new", Files.readString(target));
    assertEquals(1, entries());
  }

  @Test
  void aFailedWriteKeepsTheOldFile() throws IOException {
    Path target = Files.writeString(dir.resolve("report.sarif"), "old");
    assertThrows(ReportException.class, () -> AtomicFile.write(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target));
    assertEquals(1, entries());
  }

  /** A full disk under a SARIF report: the user reads which file could not be written, not an internal error. */
  @Test
  void aSarifReportThatCannotBeWrittenNamesItsFile() throws IOException {
    Path target = Files.writeString(dir.resolve("report.sarif"), "old");
    ReportException e = assertThrows(ReportException.class, () -> AtomicFile.write(target, out -> {
      java.io.OutputStream full = new java.io.FilterOutputStream(out) {
        @Override public void write(int b) throws IOException {
          throw new IOException("No space left on device");
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
          throw new IOException("No space left on device");
        }
      };
      SarifReport.write(SampleScan.result(), Fingerprints.compute(SampleScan.root(), SampleScan.result().findings()),
          new SarifReport.Settings(SarifReportTest.TOOL, 1, false), full);
    }));
    assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(target));
  }

  @Test
  void aDirectoryIsRefusedAndNothingIsWritten() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("out"));
    ReportException e = assertThrows(ReportException.class, () -> AtomicFile.write(sub, out -> out.write(1)));
    assertTrue(e.getMessage().endsWith("is a directory"), e.getMessage());
    try (Stream<Path> s = Files.list(sub)) {
      assertEquals(0, s.count());
    }
    assertEquals(1, entries());
  }
}
