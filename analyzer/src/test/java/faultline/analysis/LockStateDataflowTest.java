package faultline.analysis;

import static faultline.analysis.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.ContextKind;
import faultline.lock.LockMode;
import faultline.lock.LockOp;
import faultline.lock.PathState;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockStateDataflowTest {

  private static final String F = "drivers/x.c";

  private static faultline.ir.Expr devLock() { return addr(arrow(param("d"), "lock", "dev")); }

  @Test void straightLineHoldsBetweenLockAndUnlock() {
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct dev *", "d")
        .call("mutex_lock", devLock())
        .call("copy_to_user", local("buf"), local("src"), lit("4"))
        .call("mutex_unlock", devLock())
        .ret().build()));
    List<PathState> at = f.states("f", f.call("f", "copy_to_user"));
    assertEquals(1, at.size());
    assertEquals("dev.lock", at.get(0).held().get(0).lock().cls().id());
    assertEquals("d->lock", at.get(0).held().get(0).lock().expr());
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertEquals(LockOp.Effect.ACQUIRE, f.facts.lockOpAt(f.fn("f"), f.call("f", "mutex_lock")).orElseThrow().effect());
    assertEquals(LockOp.Effect.RELEASE, f.facts.lockOpAt(f.fn("f"), f.call("f", "mutex_unlock")).orElseThrow().effect());
  }

  @Test void interruptibleCheckedLeaksNothing() {
    // if (mutex_lock_interruptible(&d->lock)) return -EINTR; ... mutex_unlock(&d->lock); return 0;
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct dev *", "d")
        .callInto("$t1", "mutex_lock_interruptible", devLock())
        .if_(temp("$t1"), t -> t.ret(neg(global("EINTR"))))
        .call("work")
        .call("mutex_unlock", devLock())
        .ret(lit("0")).build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    List<PathState> atWork = f.states("f", f.call("f", "work"));
    assertEquals(1, atWork.size());
    assertEquals(1, atWork.get(0).held().size());
    assertTrue(f.states("f", f.call("f", "mutex_unlock")).stream().allMatch(p -> p.held().size() == 1),
        "unlock is of a held lock");
    assertTrue(f.facts.summary(f.fn("f")).expectsHeld().isEmpty());
    assertEquals(LockOp.Effect.TRY_ACQUIRE,
        f.facts.lockOpAt(f.fn("f"), f.call("f", "mutex_lock_interruptible")).orElseThrow().effect());
  }

  @Test void negatedTrylockReturnsEarly() {
    // if (!mutex_trylock(&m)) return; work(); mutex_unlock(&m);
    Facts f = Facts.of(unit(F, fn(F, "f")
        .callInto("$t1", "mutex_trylock", addr(global("m")))
        .if_(not(temp("$t1")), t -> t.ret())
        .call("work")
        .call("mutex_unlock", addr(global("m")))
        .ret().build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertEquals(List.of(List.of("m")), f.states("f", f.call("f", "work")).stream()
        .map(p -> p.held().stream().map(h -> h.lock().cls().id()).toList()).toList());
  }

  @Test void killableResultInVariableThenGoto() {
    // ret = down_read_killable(&mm->sem); if (ret) goto out; work(); up_read(&mm->sem); out: return ret;
    faultline.ir.Expr sem = addr(arrow(param("o"), "sem", "obj"));
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct obj *", "o")
        .callInto("$t1", "down_read_killable", sem)
        .assign("ret", temp("$t1"))
        .if_(local("ret"), t -> t.goto_("out"))
        .call("work")
        .call("up_read", sem)
        .label("out")
        .ret(local("ret")).build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    PathState w = f.states("f", f.call("f", "work")).get(0);
    assertEquals(LockMode.SHARED, w.held().get(0).mode());
  }

  @Test void uncheckedTrylockResultLeaksOnOnePath() {
    // ret = mutex_trylock(&m); return ret;  -> one path holds m, one does not
    Facts f = Facts.of(unit(F, fn(F, "f")
        .callInto("ret", "mutex_trylock", addr(global("m")))
        .ret(local("ret")).build()));
    assertEquals(2, f.atExit("f").size());
    assertTrue(f.heldAtExit("f").contains(List.of("m")));
    assertTrue(f.heldAtExit("f").contains(List.of()));
  }

  @Test void gotoErrorUnwindingIsExact() {
    // lock a; if (x) goto out_a; lock b; if (y) goto out_b; work(); unlock b; out_b: ... wait: classic unwinding
    Facts f = Facts.of(unit(F, fn(F, "f")
        .call("mutex_lock", addr(global("a")))
        .callInto("x", "setup")
        .if_(local("x"), t -> t.goto_("out_a"))
        .call("mutex_lock", addr(global("b")))
        .callInto("y", "setup2")
        .if_(local("y"), t -> t.goto_("out_b"))
        .call("work")
        .label("out_b")
        .call("mutex_unlock", addr(global("b")))
        .label("out_a")
        .call("mutex_unlock", addr(global("a")))
        .ret(local("x")).build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    List<PathState> atUnlockB = f.states("f", f.call("f", "mutex_unlock"));
    assertTrue(atUnlockB.stream().allMatch(p -> p.held().size() == 2), "both held at out_b");
    List<PathState> atUnlockA = f.states("f", f.calls("f", "mutex_unlock").get(1));
    assertTrue(atUnlockA.stream().allMatch(p -> p.held().size() == 1 && p.held().get(0).lock().cls().id().equals("a")));
  }

  @Test void leakedLockOnErrorPath() {
    // seed 002 (__dax_pmd_fault): i_mmap_lock_write(mapping); length = get_block(); if (length) return SIGBUS;
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct address_space *", "mapping")
        .call("i_mmap_lock_write", param("mapping"))
        .callInto("length", "get_block")
        .if_(local("length"), t -> t.ret(global("VM_FAULT_SIGBUS")))
        .call("i_mmap_unlock_write", param("mapping"))
        .ret(lit("0")).build()));
    assertTrue(f.heldAtExit("f").contains(List.of("address_space.i_mmap_rwsem")));
    assertTrue(f.heldAtExit("f").contains(List.of()));
  }

  @Test void guardScopeReleasedOnEveryExit() {
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct dev *", "d")
        .guard("mutex", devLock())
        .callInto("x", "check")
        .if_(local("x"), t -> t.unguard("mutex", devLock()).ret(lit("1")))
        .call("work")
        .unguard("mutex", devLock())
        .ret(lit("0")).build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertEquals("dev.lock", f.states("f", f.call("f", "work")).get(0).held().get(0).lock().cls().id());
    assertTrue(f.atExit("f").stream().allMatch(p -> p.released().size() == 1));
  }

  @Test void guardWithoutLockEntersContext() {
    Facts f = Facts.of(unit(F, fn(F, "f")
        .guard("irqsave")
        .call("work")
        .unguard("irqsave")
        .call("after")
        .ret().build()));
    assertEquals(ContextKind.IRQ_OFF, f.states("f", f.call("f", "work")).get(0).contexts().get(0).kind());
    assertTrue(f.states("f", f.call("f", "after")).get(0).contexts().isEmpty());
  }

  @Test void correlatedBranchesAreBalanced() {
    // if (need) lock(); work(); if (need) unlock();
    Facts f = Facts.of(unit(F, fn(F, "f").param("int", "need")
        .if_(param("need"), t -> t.call("mutex_lock", addr(global("m"))))
        .call("work")
        .if_(param("need"), t -> t.call("mutex_unlock", addr(global("m"))))
        .ret().build()));
    assertEquals(2, f.states("f", f.call("f", "work")).size());
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    // and the unlock only ever sees the lock held
    assertTrue(f.states("f", f.call("f", "mutex_unlock")).stream().allMatch(p -> p.held().size() == 1));
  }

  @Test void correlationBrokenByReassignmentLeaks() {
    // seed 002 __dax_fault: if (!page) i_mmap_lock_write(m); ... page = find_lock_page(); if (!page) unlock
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct address_space *", "mapping")
        .callInto("page", "find_get_page", param("mapping"))
        .if_(not(local("page")), t -> t.call("i_mmap_lock_write", param("mapping")))
        .if_(not(local("page")), t -> t.callInto("page", "find_lock_page", param("mapping")))
        .if_(not(local("page")), t -> t.call("i_mmap_unlock_write", param("mapping")))
        .ret(lit("0")).build()));
    assertTrue(f.heldAtExit("f").contains(List.of("address_space.i_mmap_rwsem")), f.heldAtExit("f").toString());
    assertTrue(f.heldAtExit("f").contains(List.of()));
  }

  @Test void correlationBrokenByAssignmentOfUnknownValue() {
    Facts f = Facts.of(unit(F, fn(F, "f").param("int", "need")
        .if_(param("need"), t -> t.call("mutex_lock", addr(global("m"))))
        .assign("need", other("compute()"))
        .if_(param("need"), t -> t.call("mutex_unlock", addr(global("m"))))
        .ret().build()));
    assertTrue(f.heldAtExit("f").contains(List.of("m")));
  }

  @Test void constantsAndComparisonsPruneInfeasiblePaths() {
    // ret = -ENOMEM; if (x) { lock; ret = 0; } ... if (ret < 0) return; unlock;
    Facts f = Facts.of(unit(F, fn(F, "f").param("int", "x")
        .assign("ret", neg(global("ENOMEM")))
        .if_(param("x"), t -> t.call("mutex_lock", addr(global("m"))).assign("ret", lit("0")))
        .if_(bin("<", local("ret"), lit("0")), t -> t.ret(local("ret")))
        .call("mutex_unlock", addr(global("m")))
        .ret(lit("0")).build()));
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertTrue(f.states("f", f.call("f", "mutex_unlock")).stream().allMatch(p -> p.held().size() == 1));
  }

  @Test void isErrTestOnPointer() {
    // p = get(); if (IS_ERR(p)) return; lock(&p->lock) ... if (p == NULL) ... : IS_ERR via temp link
    Facts f = Facts.of(unit(F, fn(F, "f")
        .callInto("p", "get")
        .if_(param("need"), t -> t.call("mutex_lock", addr(global("m"))).assign("p", other("ERR_PTR(-EINVAL)")))
        .callInto("$t1", "IS_ERR", local("p"))
        .if_(temp("$t1"), t -> t.ret())
        .call("work")
        .ret().build()));
    // without knowing the ERR_PTR value, both paths reach work(); the point here is the link does not crash
    assertFalse(f.states("f", f.call("f", "work")).isEmpty());
    Facts g = Facts.of(unit(F, fn(F, "g")
        .callInto("p", "ERR_PTR", neg(global("EINVAL")))
        .callInto("$t1", "IS_ERR", local("p"))
        .if_(temp("$t1"), t -> t.ret(), e -> e.call("unreachable_work"))
        .ret().build()));
    assertTrue(g.states("g", g.call("g", "unreachable_work")).isEmpty(), "IS_ERR(ERR_PTR(..)) is always true");
  }

  @Test void unreachableNodesHaveNoStates() {
    Facts f = Facts.of(unit(F, fn(F, "f")
        .ret()
        .call("dead")
        .build()));
    assertTrue(f.states("f", f.call("f", "dead")).isEmpty());
  }

  @Test void pagefaultDisableAndKmapAtomicAreContexts() {
    Facts f = Facts.of(unit(F, fn(F, "f")
        .call("kmap_local_folio", local("folio"), lit("0"))
        .call("copy_from_user", local("a"), local("b"), lit("1"))
        .call("pagefault_disable")
        .call("__copy_from_user", local("a"), local("b"), lit("1"))
        .call("pagefault_enable")
        .call("kmap_atomic", local("page"))
        .call("strnlen_user", local("a"), lit("1"))
        .call("kunmap_atomic", local("p"))
        .ret().build()));
    assertFalse(f.states("f", f.call("f", "copy_from_user")).get(0).faultsDisabled());
    assertTrue(f.states("f", f.call("f", "__copy_from_user")).get(0).faultsDisabled());
    PathState atomic = f.states("f", f.call("f", "strnlen_user")).get(0);
    assertTrue(atomic.faultsDisabled());
    assertEquals("preemption disabled", atomic.atomicReason().orElseThrow());
    assertTrue(f.atExit("f").get(0).contexts().isEmpty());
  }

  @Test void spinLockIrqsaveDisablesInterruptsUntilRestore() {
    faultline.ir.Expr l = addr(arrow(param("d"), "slock", "dev"));
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct dev *", "d")
        .call("spin_lock_irqsave", l, local("flags"))
        .call("work")
        .call("spin_unlock_irqrestore", l, local("flags"))
        .call("after")
        .ret().build()));
    PathState w = f.states("f", f.call("f", "work")).get(0);
    assertEquals(ContextKind.IRQ_OFF, w.contexts().get(0).kind());
    assertEquals("spinlock 'd->slock' held", w.atomicReason().orElseThrow());
    assertTrue(f.states("f", f.call("f", "after")).get(0).contexts().isEmpty());
    assertTrue(f.states("f", f.call("f", "after")).get(0).held().isEmpty());
  }

  @Test void unlockWithoutLockIsRecordedAsReleased() {
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct address_space *", "mapping")
        .call("i_mmap_unlock_write", param("mapping"))
        .ret().build()));
    PathState exit = f.atExit("f").get(0);
    assertEquals("address_space.i_mmap_rwsem", exit.released().get(0).cls().id());
    assertEquals("address_space.i_mmap_rwsem", f.analysis.facts().summary(f.fn("f")).expectsHeld().get(0).cls().id());
  }

  @Test void downgradeTurnsWriterIntoReader() {
    Facts f = Facts.of(unit(F, fn(F, "f").param("struct mm_struct *", "mm")
        .call("mmap_write_lock", param("mm"))
        .call("mmap_write_downgrade", param("mm"))
        .call("work")
        .call("mmap_read_unlock", param("mm"))
        .ret().build()));
    PathState w = f.states("f", f.call("f", "work")).get(0);
    assertEquals(LockMode.SHARED, w.held().get(0).mode());
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertTrue(f.facts.lockOpAt(f.fn("f"), f.call("f", "mmap_write_downgrade")).isEmpty());
  }

  @Test void loopsConverge() {
    Facts f = Facts.of(unit(F, fn(F, "f")
        .while_(local("more"), b -> b.call("mutex_lock", addr(global("m"))).call("preempt_disable")
            .assign("i", bin("+", local("i"), lit("1"))))
        .call("after")
        .ret().build()));
    assertFalse(f.states("f", f.call("f", "after")).isEmpty());
  }

  @Test void mustHoldAnnotationStartsHeld() {
    Function fn = fn(F, "f").annotate(faultline.ir.LockAnnotation.Kind.MUST_HOLD, addr(global("m")))
        .call("work").ret().build();
    Facts f = Facts.of(unit(F, fn));
    Node work = f.call("f", "work");
    assertEquals("m", f.states("f", work).get(0).held().get(0).lock().cls().id());
    assertEquals(List.of(), f.facts.summary(f.fn("f")).atReturn());
    assertEquals("m", f.facts.summary(f.fn("f")).expectsHeld().get(0).cls().id());
  }
}
