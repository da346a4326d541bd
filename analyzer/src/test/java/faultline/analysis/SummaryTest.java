package faultline.analysis;

import static faultline.analysis.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import faultline.lock.FunctionSummary;
import faultline.lock.LockOp;
import faultline.lock.PathState;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static final String F = "drivers/a.c";

  @Test void lockHelpersComposeWithArgumentSubstituted() {
    // static void dev_lock(struct dev *d) { mutex_lock(&d->lock); }  and dev_unlock
    Facts f = Facts.of(unit(F,
        staticFn(F, "dev_lock").param("struct dev *", "d").call("mutex_lock", addr(arrow(param("d"), "lock", "dev"))).ret().build(),
        staticFn(F, "dev_unlock").param("struct dev *", "d").call("mutex_unlock", addr(arrow(param("d"), "lock", "dev"))).ret().build(),
        fn(F, "user").param("struct dev *", "x")
            .call("dev_lock", param("x"))
            .call("copy_to_user", local("u"), local("k"), lit("8"))
            .call("dev_unlock", param("x"))
            .ret().build()));
    FunctionSummary lock = f.facts.summary(f.fn("dev_lock"));
    assertEquals(1, lock.atReturn().size());
    FunctionSummary.ReturnEffect e = lock.atReturn().get(0);
    assertEquals(LockOp.Effect.ACQUIRE, e.effect());
    assertEquals("$0->lock", e.lock().expr());
    assertEquals("dev.lock", e.lock().cls().id());
    assertTrue(e.onEveryPath());
    assertEquals(LockOp.Effect.RELEASE, f.facts.summary(f.fn("dev_unlock")).atReturn().get(0).effect());
    assertEquals("dev.lock", f.facts.summary(f.fn("dev_unlock")).expectsHeld().get(0).cls().id());

    PathState at = f.states("user", f.call("user", "copy_to_user")).get(0);
    assertEquals("x->lock", at.held().get(0).lock().expr());
    assertEquals("dev.lock", at.held().get(0).lock().cls().id());
    List<Step> chain = at.held().get(0).chain();
    assertEquals(StepKind.CALL, chain.get(0).kind());
    assertEquals(StepKind.ACQUIRE, chain.get(1).kind());
    assertEquals(1, chain.get(1).depth());
    assertEquals(List.of(List.of()), f.heldAtExit("user"));
    LockOp op = f.facts.lockOpAt(f.fn("user"), f.call("user", "dev_lock")).orElseThrow();
    assertTrue(op.viaCallee());
    assertEquals("x->lock", op.lock().expr());
    assertTrue(f.facts.summary(f.fn("user")).atReturn().isEmpty());
  }

  @Test void addressOfStructArgumentSubstitutesWithDot() {
    Facts f = Facts.of(unit(F,
        staticFn(F, "dev_lock").param("struct dev *", "d").call("mutex_lock", addr(arrow(param("d"), "lock", "dev"))).ret().build(),
        fn(F, "user").call("dev_lock", addr(global("the_dev"))).call("work").ret().build()));
    assertEquals("the_dev.lock", f.states("user", f.call("user", "work")).get(0).held().get(0).lock().expr());
  }

  @Test void faultAndSleepWitnessesComposeThroughThreeLevels() {
    Facts f = Facts.of(unit(F,
        fn(F, "level3").call("copy_from_user", local("a"), local("b"), lit("4")).ret().build(),
        fn(F, "level2").call("level3").ret().build(),
        fn(F, "level1").call("level2").ret().build(),
        fn(F, "top").call("mutex_lock", addr(global("m"))).call("level1").call("mutex_unlock", addr(global("m"))).ret().build()));
    List<Step> w = f.facts.faultWitness(f.fn("top"), f.call("top", "level1")).orElseThrow();
    assertEquals(List.of(StepKind.CALL, StepKind.CALL, StepKind.CALL, StepKind.FAULT), w.stream().map(Step::kind).toList());
    assertEquals(List.of(0, 1, 2, 3), w.stream().map(Step::depth).toList());
    assertEquals("copy_from_user() may fault", w.get(3).message());
    assertEquals("calls level1()", w.get(0).message());
    assertTrue(f.facts.summary(f.fn("level1")).mayFault().isPresent());
    assertEquals(4, f.facts.sleepWitness(f.fn("top"), f.call("top", "level1")).orElseThrow().size());
    assertTrue(f.facts.faultWitness(f.fn("top"), f.call("top", "mutex_lock")).isEmpty());
  }

  @Test void faultsDisabledInCalleeIsNotAFault() {
    Facts f = Facts.of(unit(F,
        fn(F, "careful").call("pagefault_disable").call("copy_from_user", local("a"), local("b"), lit("4"))
            .call("pagefault_enable").ret().build(),
        fn(F, "top").call("careful").ret().build()));
    assertTrue(f.facts.summary(f.fn("careful")).mayFault().isEmpty());
    assertTrue(f.facts.faultWitness(f.fn("top"), f.call("top", "careful")).isEmpty());
    assertTrue(f.facts.faultWitness(f.fn("careful"), f.call("careful", "copy_from_user")).isPresent(),
        "the access itself may fault; faults disabled at the site is the caller's business");
  }

  @Test void nofaultFormsAndAtomicAllocationsDoNotCount() {
    Facts f = Facts.of(unit(F,
        fn(F, "f").call("copy_from_kernel_nofault", local("a"), local("b"), lit("4"))
            .call("__copy_from_user_inatomic", local("a"), local("b"), lit("4"))
            .call("kmalloc", lit("16"), global("GFP_ATOMIC"))
            .call("kzalloc", lit("16"), bin("|", global("GFP_NOWAIT"), global("__GFP_ZERO")))
            .call("mutex_trylock", addr(global("m")))
            .ret().build(),
        fn(F, "g").call("kmalloc", lit("16"), bin("|", global("GFP_KERNEL"), global("__GFP_ZERO"))).ret().build()));
    FunctionSummary s = f.facts.summary(f.fn("f"));
    assertTrue(s.mayFault().isEmpty());
    assertTrue(s.maySleep().isEmpty(), String.valueOf(s.maySleep()));
    assertEquals("kmalloc() may sleep", f.facts.summary(f.fn("g")).maySleep().orElseThrow().get(0).message());
  }

  @Test void acquisitionsIncludeCalleesWithWitness() {
    Facts f = Facts.of(unit(F,
        fn(F, "inner").call("spin_lock", addr(global("s"))).call("spin_unlock", addr(global("s")))
            .call("down_read_trylock", addr(global("r"))).ret().build(),
        fn(F, "outer").call("inner").call("mutex_lock", addr(global("m"))).call("mutex_unlock", addr(global("m"))).ret().build()));
    List<FunctionSummary.Acquisition> acq = f.facts.summary(f.fn("outer")).acquires();
    assertEquals(List.of("m", "r", "s"), acq.stream().map(a -> a.lock().cls().id()).toList());
    FunctionSummary.Acquisition r = acq.get(1);
    assertTrue(r.trylock());
    assertEquals(List.of(StepKind.CALL, StepKind.ACQUIRE), r.witness().stream().map(Step::kind).toList());
  }

  @Test void recursiveSccReachesFixedPoint() {
    // even() and odd() call each other; odd() faults; both end up mayFault, both acquire m.
    Facts f = Facts.of(unit(F,
        fn(F, "even").param("int", "n").if_(param("n"), t -> t.call("odd", param("n"))).ret().build(),
        fn(F, "odd").param("int", "n").call("mutex_lock", addr(global("m"))).call("mutex_unlock", addr(global("m")))
            .if_(param("n"), t -> t.call("even", param("n")), e -> e.call("get_user", local("x"), local("p")))
            .ret().build()));
    assertTrue(f.facts.summary(f.fn("even")).mayFault().isPresent());
    assertTrue(f.facts.summary(f.fn("odd")).mayFault().isPresent());
    assertEquals("m", f.facts.summary(f.fn("even")).acquires().get(0).lock().cls().id());
    assertEquals(1L, f.analysis.stats().get("largestScc") >= 2 ? 1L : 0L);
  }

  @Test void conditionalReturnEffectIsNotOnEveryPath() {
    Facts f = Facts.of(unit(F,
        fn(F, "maybe").param("int", "x").if_(param("x"), t -> t.call("mutex_lock", addr(global("m")))).ret().build(),
        fn(F, "user").call("maybe", lit("1")).call("work").ret().build()));
    FunctionSummary.ReturnEffect e = f.facts.summary(f.fn("maybe")).atReturn().get(0);
    assertFalse(e.onEveryPath());
    PathState at = f.states("user", f.call("user", "work")).get(0);
    assertTrue(at.held().isEmpty());
    assertEquals("m", at.uncertain().get(0).cls().id());
  }
}
