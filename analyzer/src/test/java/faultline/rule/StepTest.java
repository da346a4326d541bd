package faultline.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import faultline.ir.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step and Span write out the equals and hashCode a record would generate; these hold them to it. */
class StepTest {

  /** What the record would be without the written-out methods. */
  private record PlainSpan(String file, int line, int column, int endLine, int endColumn) {}

  private record PlainStep(StepKind kind, PlainSpan at, String message, int depth) {}

  private static final Span AT = new Span("drivers/a.c", 10, 2, 12, 30);
  private static final Step STEP = new Step(StepKind.ACQUIRE, AT, "mutex 'd->lock' taken here", 1);

  @Test
  void equalComponentsAreEqualWithTheSameHash() {
    Step copy = new Step(StepKind.ACQUIRE, new Span("drivers/" + "a.c", 10, 2, 12, 30),
        new String("mutex 'd->lock' taken here"), 1);
    assertEquals(STEP, copy);
    assertEquals(STEP.hashCode(), copy.hashCode());
    assertEquals(new Span(null, 1, 2, 3, 4), new Span(null, 1, 2, 3, 4));
  }

  @Test
  void everyComponentTakesPart() {
    List<Span> spans = List.of(new Span("drivers/b.c", 10, 2, 12, 30), new Span("drivers/a.c", 11, 2, 12, 30),
        new Span("drivers/a.c", 10, 3, 12, 30), new Span("drivers/a.c", 10, 2, 13, 30),
        new Span("drivers/a.c", 10, 2, 12, 31), new Span(null, 10, 2, 12, 30));
    for (Span other : spans) assertNotEquals(AT, other, other.toString());
    List<Step> steps = List.of(new Step(StepKind.CALL, AT, STEP.message(), 1), new Step(StepKind.ACQUIRE, spans.get(1),
        STEP.message(), 1), new Step(StepKind.ACQUIRE, AT, "other", 1), STEP.deeper(1),
        new Step(StepKind.ACQUIRE, AT, null, 1));
    for (Step other : steps) assertNotEquals(STEP, other, other.toString());
  }

  /** The hash is the record's own, so no hash-ordered iteration changes with the written-out methods. */
  @Test
  void theHashIsTheRecordsOwn() {
    assertEquals(new PlainSpan("drivers/a.c", 10, 2, 12, 30).hashCode(), AT.hashCode());
    assertEquals(new PlainSpan(null, 1, 2, 3, 4).hashCode(), new Span(null, 1, 2, 3, 4).hashCode());
    PlainSpan at = new PlainSpan("drivers/a.c", 10, 2, 12, 30);
    assertEquals(new PlainStep(StepKind.ACQUIRE, at, STEP.message(), 1).hashCode(), STEP.hashCode());
    assertEquals(new PlainStep(StepKind.NOTE, null, null, 0).hashCode(), new Step(StepKind.NOTE, null, null, 0).hashCode());
  }
}
