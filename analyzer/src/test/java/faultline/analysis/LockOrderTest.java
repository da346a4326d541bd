package faultline.analysis;

import static faultline.analysis.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import faultline.ir.TranslationUnit;
import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.LockMode;
import faultline.lock.LockOrderGraph;
import faultline.lock.OrderEdge;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LockOrderTest {

  private static LockClass cls(String id, LockClass.Resolution r) { return new LockClass(id, r); }

  private static LockClass global(String id) { return cls(id, LockClass.Resolution.GLOBAL); }

  @Test void nestedAcquisitionAddsEdgeWithWitness() {
    Facts f = Facts.of(unit("a.c", fn("a.c", "f")
        .call("mutex_lock", addr(Ir.global("a")))
        .call("spin_lock", addr(Ir.global("b")))
        .call("spin_unlock", addr(Ir.global("b")))
        .call("mutex_unlock", addr(Ir.global("a")))
        .ret().build()));
    OrderEdge e = f.facts.lockOrder().edge(global("a"), global("b")).orElseThrow();
    assertEquals(OrderEdge.Origin.NESTED, e.origin());
    assertEquals("f", e.function());
    assertEquals(11, e.at().line());
    assertEquals(List.of(StepKind.ACQUIRE, StepKind.ACQUIRE), e.witness().stream().map(Step::kind).toList());
    assertTrue(f.facts.lockOrder().edge(global("b"), global("a")).isEmpty());
  }

  @Test void trylockAddsNoEdgeButKillableDoes() {
    Facts f = Facts.of(unit("a.c", fn("a.c", "f")
        .call("mutex_lock", addr(Ir.global("a")))
        .callInto("$t1", "mutex_trylock", addr(Ir.global("b")))
        .callInto("$t2", "mutex_lock_killable", addr(Ir.global("c")))
        .ret().build()));
    LockOrderGraph g = f.facts.lockOrder();
    assertTrue(g.edge(global("a"), global("b")).isEmpty());
    assertTrue(g.edge(global("a"), global("c")).isPresent());
  }

  @Test void calleeAcquisitionUnderHeldLockAddsEdge() {
    Facts f = Facts.of(unit("a.c",
        fn("a.c", "inner").call("mutex_lock", addr(Ir.global("b"))).call("mutex_unlock", addr(Ir.global("b"))).ret().build(),
        fn("a.c", "outer").call("mutex_lock", addr(Ir.global("a"))).call("inner").call("mutex_unlock", addr(Ir.global("a")))
            .ret().build()));
    OrderEdge e = f.facts.lockOrder().edge(global("a"), global("b")).orElseThrow();
    assertEquals("outer", e.function());
    assertEquals(List.of(StepKind.ACQUIRE, StepKind.CALL, StepKind.ACQUIRE), e.witness().stream().map(Step::kind).toList());
    assertEquals(List.of(0, 0, 1), e.witness().stream().map(Step::depth).toList());
  }

  /** Seed 000: A_mutex held across copy_to_user, and a block driver taking A_mutex under a page fault. */
  @Test void seed000MutexAcrossUserAccessAndBlockIoPathMakeACycle() {
    TranslationUnit driverA = unit("drivers/crypto/a.c", List.of(
        fn("drivers/crypto/a.c", "a_ioctl").param("void *", "ubuf")
            .call("mutex_lock", addr(Ir.global("A_mutex")))
            .call("copy_to_user", param("ubuf"), local("k"), lit("16"))
            .call("mutex_unlock", addr(Ir.global("A_mutex")))
            .ret().build(),
        fn("drivers/crypto/a.c", "a_decrypt")
            .call("mutex_lock", addr(Ir.global("A_mutex")))
            .call("mutex_unlock", addr(Ir.global("A_mutex")))
            .ret().build()), List.of());
    TranslationUnit driverB = unit("drivers/block/b.c", List.of(
        staticFn("drivers/block/b.c", "b_queue_rq").call("a_decrypt").ret().build()),
        List.of(bind("drivers/block/b.c", "blk_mq_ops", "queue_rq", "b_queue_rq")));
    Facts f = new Facts(List.of(driverB, driverA));
    LockOrderGraph g = f.facts.lockOrder();
    OrderEdge ua = g.edge(global("A_mutex"), LockClass.MMAP_LOCK).orElseThrow();
    assertEquals(OrderEdge.Origin.USER_ACCESS, ua.origin());
    assertEquals(LockMode.SHARED, ua.toMode());
    assertEquals(StepKind.FAULT, ua.witness().get(ua.witness().size() - 1).kind());
    OrderEdge fp = g.acquiredUnderFault(global("A_mutex")).orElseThrow();
    assertEquals(OrderEdge.Origin.FAULT_PATH, fp.origin());
    assertEquals("b_queue_rq", fp.function());
    assertEquals(List.of(StepKind.NOTE, StepKind.CALL, StepKind.ACQUIRE), fp.witness().stream().map(Step::kind).toList());
    List<LockCycle> cycles = g.cycles(4);
    assertEquals(1, cycles.size());
    LockCycle c = cycles.get(0);
    assertEquals(global("A_mutex"), c.edges().get(0).from(), "canonical rotation starts at the smallest class id");
    assertTrue(c.involvesReadRead());
    assertFalse(c.readOnly());
  }

  @Test void faultsDisabledAddsNoUserAccessEdge() {
    Facts f = Facts.of(unit("a.c", fn("a.c", "f").param("struct mm_struct *", "mm")
        .call("mmap_read_lock", param("mm"))
        .call("pagefault_disable")
        .call("copy_from_user", local("a"), local("b"), lit("4"))
        .call("pagefault_enable")
        .call("mmap_read_unlock", param("mm"))
        .ret().build()));
    assertTrue(f.facts.lockOrder().edges().isEmpty(), f.facts.lockOrder().edges().toString());
  }

  /** Seed 001: copy_from_user under mmap_lock in a kmap_local region: a self edge, not a cycle. */
  @Test void userAccessUnderMmapLockIsASelfEdge() {
    Facts f = Facts.of(unit("mm/shmem.c", fn("mm/shmem.c", "fill").param("struct mm_struct *", "mm")
        .call("mmap_read_lock", param("mm"))
        .callInto("kaddr", "kmap_local_folio", local("folio"), lit("0"))
        .call("copy_from_user", local("kaddr"), local("src"), lit("4096"))
        .call("kunmap_local", local("kaddr"))
        .call("mmap_read_unlock", param("mm"))
        .ret().build()));
    OrderEdge e = f.facts.lockOrder().edge(LockClass.MMAP_LOCK, LockClass.MMAP_LOCK).orElseThrow();
    assertEquals(OrderEdge.Origin.USER_ACCESS, e.origin());
    assertEquals(LockMode.SHARED, e.fromMode());
    assertTrue(f.facts.lockOrder().cycles(4).isEmpty());
  }

  /** Seed 002: the DAX fault handler takes i_mmap_rwsem under mmap_lock. */
  @Test void faultHandlerAcquisitionsGetFaultPathEdges() {
    Facts f = new Facts(List.of(unit("fs/dax.c", List.of(
        fn("fs/dax.c", "__dax_fault").param("struct vm_area_struct *", "vma")
            .callInto("mapping", "file_mapping", param("vma"))
            .call("i_mmap_lock_write", local("mapping"))
            .call("i_mmap_unlock_write", local("mapping"))
            .ret().build(),
        staticFn("fs/dax.c", "ext_fault").call("__dax_fault", local("vma")).ret().build()),
        List.of(bind("fs/dax.c", "vm_operations_struct", "fault", "ext_fault")))));
    OrderEdge e = f.facts.lockOrder().acquiredUnderFault(
        cls("address_space.i_mmap_rwsem", LockClass.Resolution.MODEL)).orElseThrow();
    assertEquals(LockMode.EXCLUSIVE, e.toMode());
    assertEquals("ext_fault", e.function());
    assertEquals(1L, f.analysis.stats().get("faultEntryPoints"));
  }

  @Test void getBlockCallbacksPassedAsArgumentsAreOnTheBlockIoPath() {
    Facts f = Facts.of(unit("fs/x.c",
        fn("fs/x.c", "generic_fault").param("struct vm_fault *", "vmf").param("get_block_t *", "get_block")
            .callParam("get_block", "get_block_t *").ret().build(),
        staticFn("fs/x.c", "x_get_block").call("mutex_lock", addr(Ir.global("x_lock")))
            .call("mutex_unlock", addr(Ir.global("x_lock"))).ret().build(),
        fn("fs/x.c", "x_fault").call("generic_fault", local("vmf"), fnName("x_get_block")).ret().build()));
    assertTrue(f.facts.lockOrder().acquiredUnderFault(global("x_lock")).isPresent());
  }

  /** Seed 004: a 3-thread cycle through rwsems taken for read and device_lock. */
  @Test void readReadRwsemCycleIsFoundAndClassified() {
    faultline.ir.Expr mirrors = addr(arrow(param("hmm"), "mirrors_sem", "hmm"));
    faultline.ir.Expr devLock = addr(arrow(param("dev"), "mutex", "device"));
    Facts f = new Facts(List.of(
        unit("mm/hmm.c", List.of(
            fn("mm/hmm.c", "hmm_release").param("struct hmm *", "hmm")
                .call("down_read", mirrors)
                .callField("hmm_mirror_ops.release", "mirror->ops->release", local("mirror"))
                .call("up_read", mirrors)
                .ret().build(),
            fn("mm/hmm.c", "hmm_mirror_register").param("struct hmm *", "hmm").param("struct device *", "dev")
                .call("mutex_lock", devLock)
                .call("down_read", mirrors)
                .call("up_read", mirrors)
                .call("mutex_unlock", devLock)
                .ret().build()), List.of()),
        unit("drivers/gpu/drv.c", List.of(
            staticFn("drivers/gpu/drv.c", "drv_release").param("struct device *", "dev")
                .call("mutex_lock", devLock)
                .call("mutex_unlock", devLock)
                .ret().build()),
            List.of(bind("drivers/gpu/drv.c", "hmm_mirror_ops", "release", "drv_release")))));
    List<LockCycle> cycles = f.facts.lockOrder().cycles(3);
    assertEquals(1, cycles.size(), cycles.toString());
    LockCycle c = cycles.get(0);
    assertEquals(List.of("device.mutex", "hmm.mirrors_sem"), c.edges().stream().map(e -> e.from().id()).toList());
    assertTrue(c.involvesReadRead() || !c.readOnly());
    OrderEdge viaCallback = f.facts.lockOrder().edge(cls("hmm.mirrors_sem", LockClass.Resolution.TYPE),
        cls("device.mutex", LockClass.Resolution.TYPE)).orElseThrow();
    assertEquals(StepKind.CALLBACK, viaCallback.witness().get(1).kind());
  }

  @Test void pureReadCycleIsReadOnly() {
    Facts f = Facts.of(unit("a.c",
        fn("a.c", "f").call("down_read", addr(Ir.global("x"))).call("down_read", addr(Ir.global("y"))).ret().build(),
        fn("a.c", "g").call("down_read", addr(Ir.global("y"))).call("down_read", addr(Ir.global("x"))).ret().build()));
    LockCycle c = f.facts.lockOrder().cycles(2).get(0);
    assertTrue(c.readOnly());
    assertTrue(c.involvesReadRead());
  }

  @Test void cyclesAreCanonicalDedupedBoundedAndStable() {
    // a->b->c->a and b->a : two cycles [a,b] and [a,b,c]
    Facts f = Facts.of(unit("a.c",
        fn("a.c", "f1").call("mutex_lock", addr(Ir.global("a"))).call("mutex_lock", addr(Ir.global("b"))).ret().build(),
        fn("a.c", "f2").call("mutex_lock", addr(Ir.global("b"))).call("mutex_lock", addr(Ir.global("c"))).ret().build(),
        fn("a.c", "f3").call("mutex_lock", addr(Ir.global("c"))).call("mutex_lock", addr(Ir.global("a"))).ret().build(),
        fn("a.c", "f4").call("mutex_lock", addr(Ir.global("b"))).call("mutex_lock", addr(Ir.global("a"))).ret().build()));
    List<LockCycle> all = f.facts.lockOrder().cycles(8);
    assertEquals(List.of("[a, b]", "[a, b, c]"), all.stream()
        .map(c -> c.edges().stream().map(e -> e.from().id()).toList().toString()).toList());
    for (LockCycle c : all) {
      for (int i = 0; i < c.edges().size(); i++) {
        assertEquals(c.edges().get(i).to(), c.edges().get((i + 1) % c.edges().size()).from());
      }
    }
    assertEquals(1, f.facts.lockOrder().cycles(2).size());
  }

  @Test void resultIsIndependentOfUnitOrder() {
    List<TranslationUnit> units = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String file = "f" + i + ".c";
      units.add(unit(file,
          fn(file, "fa" + i).call("mutex_lock", addr(Ir.global("L" + i))).call("mutex_lock", addr(Ir.global("L" + ((i + 1) % 12))))
              .call("copy_to_user", local("a"), local("b"), lit("1")).ret().build(),
          fn(file, "fb" + i).call("mutex_lock", addr(Ir.global("L" + ((i + 5) % 12)))).call("fa" + ((i + 3) % 12)).ret().build()));
    }
    String first = describe(new Facts(units));
    List<TranslationUnit> shuffled = new ArrayList<>(units);
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(first, describe(new Facts(shuffled)));
  }

  private static String describe(Facts f) {
    return f.facts.lockOrder().edges().toString() + f.facts.lockOrder().cycles(6) + f.analysis.stats().entrySet().stream()
        .filter(e -> !e.getKey().endsWith("Millis")).toList();
  }

  /** The numeric sort of a whole program's edges gives exactly the order the comparator defines. */
  @Test void edgesSortAsTheComparatorOrdersThem() {
    Random random = new Random(6);
    LockClass[] classes = new LockClass[40];
    for (int i = 0; i < classes.length; i++) {
      // ids that sort differently as strings and as numbers, and mixed resolutions
      classes[i] = cls((i % 3 == 0 ? "b" : "a") + random.nextInt(1000) + "_" + i,
          LockClass.Resolution.values()[i % LockClass.Resolution.values().length]);
    }
    java.util.Map<String, OrderEdge> unique = new java.util.LinkedHashMap<>();
    for (int n = 0; n < 3000; n++) {
      LockClass from = classes[random.nextInt(classes.length)];
      LockClass to = classes[random.nextInt(classes.length)];
      LockMode fm = LockMode.values()[random.nextInt(2)];
      LockMode tm = LockMode.values()[random.nextInt(2)];
      OrderEdge.Origin o = OrderEdge.Origin.values()[random.nextInt(3)];
      unique.putIfAbsent(from.id() + fm + to.id() + tm + o, new OrderEdge(from, fm, to, tm, o,
          new faultline.ir.Span("a.c", n + 1, 1, n + 1, 2), "f" + n, List.of()));
    }
    List<OrderEdge> expected = new ArrayList<>(unique.values());
    expected.sort(LockOrder.ORDER);
    List<OrderEdge> shuffled = new ArrayList<>(unique.values());
    Collections.shuffle(shuffled, random);
    assertEquals(expected, LockOrder.sorted(shuffled));
  }
}
