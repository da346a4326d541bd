package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.rule.Finding;
import faultline.scan.ScanResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

  @TempDir Path dir;

  private Path writeReport(ScanResult scan) {
    Path out = dir.resolve("old.sarif");
    AtomicFile.write(out, o -> SarifReport.write(scan, Fingerprints.compute(scan.root(), scan.findings()),
        new SarifReport.Settings(SarifReportTest.TOOL, 0, false), o));
    return out;
  }

  @Test
  void hidesExactlyTheFindingsOfTheOldReport() {
    Finding old = SampleScan.faultUnderMutex();
    Finding fresh = SampleScan.orderInversion();
    Baseline baseline = Baseline.read(writeReport(SampleScan.result(List.of(old))));
    assertEquals(1, baseline.size());

    List<Finding> now = List.of(old, fresh);
    Baseline.Split split = baseline.split(now, Fingerprints.compute(SampleScan.root(), now));
    assertEquals(List.of(fresh), split.reported());
    assertEquals(1, split.baselined());
  }

  @Test
  void suppressedFindingsStayInTheReport() {
    List<Finding> now = List.of(SampleScan.suppressedOrderInversion());
    Fingerprints fps = Fingerprints.compute(SampleScan.root(), now);
    Baseline.Split split = Baseline.of(fps.all()).split(now, fps);
    assertEquals(now, split.reported());
    assertEquals(0, split.baselined());
  }

  @Test
  void aFileThatIsNotSarifIsAOneLineError() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.sarif"), "{\"version\": 1}");
    ReportException e = assertThrows(ReportException.class, () -> Baseline.read(junk));
    assertTrue(e.getMessage().contains("not a SARIF log"), e.getMessage());
    Path notJson = Files.writeString(dir.resolve("bad.sarif"), "<xml/>");
    assertTrue(assertThrows(ReportException.class, () -> Baseline.read(notJson)).getMessage().contains("not JSON"));
    assertTrue(assertThrows(ReportException.class, () -> Baseline.read(dir.resolve("missing.sarif")))
        .getMessage().contains("no such file"));
  }
}
