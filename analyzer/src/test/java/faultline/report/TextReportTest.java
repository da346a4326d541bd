package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextReportTest {

  @Test
  void findingsAreGccDiagnosticsWithStepNotesIndentedByDepth() {
    var scan = SampleScan.result();
    String text = TextReport.render(scan.findings(), scan.notifications(), TextReport.Style.PLAIN);
    assertEquals("""
        drivers/ctl.c:13:8: error: load_cfg() may fault while mutex 'c->lock' is held [sample-mutex-held-across-fault]
        drivers/ctl.c:12:2: note: mutex 'c->lock' taken here
        drivers/ctl.c:13:8: note: load_cfg()
        drivers/ctl.c:5:9: note:   copy_from_user() may fault
        drivers/ctl.c:13:8: note: fix: Copy user data into a local before taking the lock
        drivers/ctl.c:1:1: note: could not parse this declaration [parse]
        faultline: note: rule sample-lock-order-inversion failed: java.lang.IllegalStateException [rule-failure]
        """, text);
  }

  @Test
  void everyLineMatchesTheGccPatternEditorsParse() {
    var scan = SampleScan.result(java.util.List.of(SampleScan.faultUnderMutex(),
        SampleScan.orderInversion()));
    String text = TextReport.render(scan.findings(), java.util.List.of(), TextReport.Style.PLAIN);
    // VS Code's $gcc matcher: ^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$ plus notes.
    Pattern gcc = Pattern.compile("^(.*?):(\\d+):(\\d+): (error|warning|note): (.*)$");
    for (String line : text.split("\n")) assertTrue(gcc.matcher(line).matches(), line);
    assertTrue(text.contains("drivers/order two.c:15:2: warning: mutex 'a_mutex' taken while"), text);
    assertTrue(text.contains("drivers/order two.c:6:2: note: take_a_then_b() takes 'a_mutex' then 'b_lock':"), text);
  }

  @Test
  void colourOnlyWhenAsked() {
    var scan = SampleScan.result();
    String plain = TextReport.render(scan.findings(), scan.notifications(), TextReport.Style.PLAIN);
    String colour = TextReport.render(scan.findings(), scan.notifications(), new TextReport.Style(true));
    assertTrue(!plain.contains("\u001b"));
    assertTrue(colour.contains("\u001b[1;31merror:\u001b[0m"), colour);
    assertEquals(plain, colour.replaceAll("\u001b\\[[0-9;]*m", ""));
  }
}
