package faultline.report;

import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.Maturity;
import faultline.rule.Rule;
import faultline.rule.RuleInfo;
import faultline.rule.RuleMeta;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import faultline.rule.Trace;
import faultline.scan.Notification;
import faultline.scan.ScanResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-made scan result over the sources in test resources {@code faultline/report/src}, for the writers' tests.
 * Spans are as the front-end makes them: the end is the last character, inclusive.
 */
public final class SampleScan {

  @RuleInfo(id = "sample-mutex-held-across-fault", name = "Sleeping lock held across a faulting user access",
      severity = Severity.ERROR, cwe = {667, 833}, tags = {"deadlock", "concurrency"}, precision = "high")
  public static final class FaultRule implements Rule {}

  @RuleInfo(id = "sample-lock-order-inversion", name = "Two locks taken in opposite orders",
      severity = Severity.WARNING, tags = {"deadlock"}, precision = "medium", maturity = Maturity.STABLE)
  public static final class OrderRule implements Rule {}

  public static final String CTL = "drivers/ctl.c";
  public static final String ORDER = "drivers/order two.c";

  public static Path root() {
    try {
      return Path.of(SampleScan.class.getResource("/faultline/report/src").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Finding faultUnderMutex() {
    return new Finding("sample-mutex-held-across-fault", Severity.ERROR,
        "load_cfg() may fault while mutex 'c->lock' is held", new Span(CTL, 13, 8, 13, 23), "ctl_ioctl",
        List.of("ctl.lock"),
        List.of(new Trace("", List.of(
            new Step(StepKind.ACQUIRE, new Span(CTL, 12, 2, 12, 21), "mutex 'c->lock' taken here", 0),
            new Step(StepKind.CALL, new Span(CTL, 13, 8, 13, 23), "load_cfg()", 0),
            new Step(StepKind.FAULT, new Span(CTL, 5, 9, 5, 52), "copy_from_user() may fault", 1)))),
        "Copy user data into a local before taking the lock", Optional.empty());
  }

  public static Finding orderInversion() {
    return new Finding("sample-lock-order-inversion", Severity.WARNING,
        "mutex 'a_mutex' taken while spinlock 'b_lock' is held, the opposite order of take_a_then_b()",
        new Span(ORDER, 15, 2, 15, 21), "take_b_then_a", List.of("b_lock", "a_mutex"),
        List.of(
            new Trace("take_a_then_b() takes 'a_mutex' then 'b_lock'", List.of(
                new Step(StepKind.ACQUIRE, new Span(ORDER, 6, 2, 6, 21), "mutex 'a_mutex' taken here", 0),
                new Step(StepKind.ACQUIRE, new Span(ORDER, 7, 2, 7, 19), "spinlock 'b_lock' taken here", 0))),
            new Trace("take_b_then_a() takes 'b_lock' then 'a_mutex'", List.of(
                new Step(StepKind.ACQUIRE, new Span(ORDER, 14, 2, 14, 19), "spinlock 'b_lock' taken here", 0),
                new Step(StepKind.ACQUIRE, new Span(ORDER, 15, 2, 15, 21), "mutex 'a_mutex' taken here", 0)))),
        "Take the locks in one global order", Optional.empty());
  }

  /** The same finding, covered by the ignore comment on its line. */
  public static Finding suppressedOrderInversion() {
    return orderInversion().suppressed("boot only, single threaded");
  }

  public static List<RuleMeta> rules() {
    return List.of(RuleMeta.of(new OrderRule()), RuleMeta.of(new FaultRule()));
  }

  public static ScanResult result() {
    return result(List.of(faultUnderMutex(), suppressedOrderInversion()));
  }

  public static ScanResult result(List<Finding> findings) {
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("frontend", 120L);
    phases.put("analysis", 30L);
    phases.put("rules", 5L);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("parseIssues", 1L);
    return new ScanResult(root(), findings,
        List.of(
            new Notification(Notification.Level.WARNING, "parse", "could not parse this declaration",
                Optional.of(new Span(CTL, 1, 1, 1, 24))),
            new Notification(Notification.Level.ERROR, "rule-failure",
                "rule sample-lock-order-inversion failed: java.lang.IllegalStateException", Optional.empty())),
        rules(), new ScanResult.Stats(2, 4, 34, phases, counters),
        Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:01.250Z"));
  }
}
