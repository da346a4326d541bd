package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.scan.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SarifReportTest {

  /** Regenerate with {@code mvn -pl analyzer test -Dtest=SarifReportTest -Dgolden.update=true}, then review the diff. */
  static final Path GOLDEN = Path.of("src/test/resources/faultline/report/sample.golden.sarif");
  static final ToolInfo TOOL = new ToolInfo("faultline", "1.2.3", "https://github.com/faultline-dev/faultline");

  static String render(ScanResult scan, boolean embedRoot) {
    return SarifReport.render(scan, Fingerprints.compute(scan.root(), scan.findings()),
        new SarifReport.Settings(TOOL, 1, embedRoot));
  }

  @Test
  void matchesTheGoldenFile() throws IOException {
    String actual = render(SampleScan.result(), false);
    if (Boolean.getBoolean("golden.update")) Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), actual);
  }

  @Test
  void identicalBytesOnEveryRun() {
    assertEquals(render(SampleScan.result(), false), render(SampleScan.result(), false));
  }

  @Test
  void resultsOfManyBatchesComeOutInOrder() throws IOException {
    // Results are rendered a batch ahead of the one being written; 2,500 of them span three batches.
    java.util.List<faultline.rule.Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      faultline.rule.Finding f = SampleScan.faultUnderMutex();
      findings.add(new faultline.rule.Finding(f.ruleId(), f.severity(), "finding " + i, f.at(), f.function(),
          f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    }
    JsonNode results = new ObjectMapper().readTree(render(SampleScan.result(findings), false))
        .get("runs").get(0).get("results");
    assertEquals(2_500, results.size());
    for (int i = 0; i < 2_500; i++) {
      assertTrue(results.get(i).at("/message/text").asText().startsWith("finding " + i + "."), "result " + i);
    }
  }

  @Test
  void noAbsolutePathOfTheScanningMachineUnlessAskedFor() {
    String root = SampleScan.root().toString();
    assertFalse(render(SampleScan.result(), false).contains(root));
    assertTrue(render(SampleScan.result(), true).contains(SampleScan.root().toUri().toString()));
  }

  @Test
  void resultsLinkTheirAcquisitionsAndCarryTheTraceAsCodeFlows() throws IOException {
    JsonNode run = new ObjectMapper().readTree(render(SampleScan.result(), false)).get("runs").get(0);
    JsonNode rules = run.at("/tool/driver/rules");
    assertEquals("sample-lock-order-inversion", rules.get(0).get("id").asText());
    assertEquals("SampleMutexHeldAcrossFault", rules.get(1).get("name").asText());
    assertEquals("[\"concurrency\",\"deadlock\",\"external/cwe/cwe-667\",\"external/cwe/cwe-833\",\"security\"]",
        rules.get(1).at("/properties/tags").toString());

    JsonNode fault = run.get("results").get(0);
    assertEquals(1, fault.get("ruleIndex").asInt());
    assertEquals("error", fault.get("level").asText());
    assertEquals("load_cfg() may fault while mutex 'c->lock' is held. "
        + "Witness: [mutex 'c->lock' taken here](1), [load_cfg()](2).", fault.at("/message/text").asText());
    assertEquals(12, fault.at("/relatedLocations/0/physicalLocation/region/startLine").asInt());
    assertEquals(1, fault.at("/relatedLocations/0/id").asInt());
    JsonNode steps = fault.at("/codeFlows/0/threadFlows/0/locations");
    assertEquals(3, steps.size());
    assertEquals("fault", steps.get(2).at("/kinds/0").asText());
    assertEquals(1, steps.get(2).get("nestingLevel").asInt());
    assertEquals("drivers/ctl.c", fault.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals("%SRCROOT%", fault.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText());

    JsonNode order = run.get("results").get(1);
    assertEquals("drivers/order%20two.c", order.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(2, order.at("/codeFlows/0/threadFlows").size());
    assertEquals("inSource", order.at("/suppressions/0/kind").asText());
    assertEquals("boot only, single threaded", order.at("/suppressions/0/justification").asText());
    assertTrue(order.at("/partialFingerprints/faultline~1v1").asText().matches("[0-9a-f]{32}:1"));

    JsonNode notes = run.at("/invocations/0/toolExecutionNotifications");
    assertEquals(2, notes.size());
    assertEquals("2024-05-01T10:00:01.250Z", run.at("/invocations/0/endTimeUtc").asText());
  }
}
