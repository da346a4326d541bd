package faultline.analysis;

import static faultline.analysis.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.lock.LockApis;
import faultline.lock.LockClass;
import faultline.lock.LockRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockClassTest {

  private static final LockApis K = LockApis.kernel();

  private static LockRef resolve(Function fn, Expr e) {
    return new LockResolver(K, fn).resolve(e).ref();
  }

  private static LockRef resolveApi(Function fn, String api, Expr arg) {
    return new LockResolver(K, fn).resolve(K.lock(api).orElseThrow(), List.of(arg)).orElseThrow().ref();
  }

  @Test void oneIdIsOneClassWhateverTheResolution() {
    LockClass declared = new LockClass("audit_filter_mutex", LockClass.Resolution.GLOBAL);
    LockClass undeclared = new LockClass("audit_filter_mutex", LockClass.Resolution.TEXT);
    assertEquals(declared, undeclared);
    assertEquals(declared.hashCode(), undeclared.hashCode());
    assertEquals(0, declared.compareTo(undeclared));
    // Sorted and hashed collections agree, so the lock-order graph does not depend on which one came first.
    assertEquals(1, new java.util.TreeSet<>(List.of(declared, undeclared)).size());
    assertEquals(1, new java.util.HashSet<>(List.of(undeclared, declared)).size());
    assertNotEquals(declared, new LockClass("audit_ctl_mutex", LockClass.Resolution.GLOBAL));
  }

  @Test void structFieldThroughAnyAliasIsOneTypeClass() {
    Function fn = fn("a.c", "f").param("struct hmm *", "hmm").declare("struct hmm *", "other").ret().build();
    LockRef a = resolve(fn, addr(arrow(param("hmm"), "mirrors_sem", "hmm")));
    LockRef b = resolve(fn, addr(arrow(local("other"), "mirrors_sem")));   // front-end left baseStruct empty
    assertResolvedAs(new LockClass("hmm.mirrors_sem", LockClass.Resolution.TYPE), a.cls());
    assertEquals(a.cls(), b.cls());
    assertEquals("hmm->mirrors_sem", a.expr(), "the leading & is dropped for messages");
    assertEquals("other->mirrors_sem", b.expr());
  }

  @Test void globalsAreGlobalClassesAndArraysShareOneClass() {
    Function fn = fn("a.c", "f").ret().build();
    assertResolvedAs(new LockClass("A_mutex", LockClass.Resolution.GLOBAL), resolve(fn, addr(global("A_mutex"))).cls());
    assertResolvedAs(new LockClass("locks", LockClass.Resolution.GLOBAL),
        resolve(fn, addr(bin("[]", global("locks"), local("i")))).cls());
    assertResolvedAs(new LockClass("dev.locks", LockClass.Resolution.TYPE),
        resolve(fn, addr(bin("[]", arrow(param("d"), "locks", "dev"), local("i")))).cls());
  }

  @Test void localPointerAssignedFromALockResolvesThroughTheAssignment() {
    Function fn = fn("a.c", "f").param("struct dev *", "dev").declare("struct mutex *", "m")
        .assign("m", addr(arrow(param("dev"), "lock", "dev")))
        .call("mutex_lock", local("m")).ret().build();
    LockRef r = resolve(fn, local("m"));
    assertResolvedAs(new LockClass("dev.lock", LockClass.Resolution.TYPE), r.cls());
    assertEquals("m", r.expr());
    assertEquals("$0->lock", new LockResolver(K, fn).resolve(local("m")).template());
  }

  @Test void conflictingAssignmentsFallBackToText() {
    Function fn = fn("a.c", "f").declare("struct mutex *", "m")
        .assign("m", addr(global("a"))).assign("m", addr(global("b"))).ret().build();
    LockRef r = resolve(fn, local("m"));
    assertEquals(LockClass.Resolution.TEXT, r.cls().resolution());
    assertEquals("f:m", r.cls().id(), "locals' text classes are qualified by their function");
  }

  @Test void mmapSemAndMmapLockAreTheModelClassEvenWithoutTypes() {
    Function fn = fn("a.c", "f").ret().build();
    assertEquals(LockClass.MMAP_LOCK, resolve(fn, addr(arrow(other("current->mm"), "mmap_sem"))).cls());
    assertEquals(LockClass.MMAP_LOCK, resolve(fn, addr(arrow(local("mm"), "mmap_lock", "mm_struct"))).cls());
    assertEquals(LockClass.MMAP_LOCK, resolveApi(fn, "down_read", addr(arrow(local("mm"), "mmap_sem"))).cls());
    LockRef viaWrapper = resolveApi(fn, "mmap_read_lock", local("mm"));
    assertEquals(LockClass.MMAP_LOCK, viaWrapper.cls());
    assertEquals("mm->mmap_lock", viaWrapper.expr());
    assertEquals("vma->vm_mm->mmap_lock",
        resolveApi(fn, "mmap_write_lock", arrow(local("vma"), "vm_mm", "vm_area_struct")).expr());
  }

  @Test void modelWrappersFixTheirClass() {
    Function fn = fn("a.c", "f").ret().build();
    assertEquals("address_space.i_mmap_rwsem", resolveApi(fn, "i_mmap_lock_write", local("mapping")).cls().id());
    assertEquals("inode.i_rwsem", resolveApi(fn, "inode_lock_shared", local("inode")).cls().id());
    assertEquals("page.lock", resolveApi(fn, "lock_page", local("page")).cls().id());
    assertEquals("page", resolveApi(fn, "lock_page", local("page")).expr());
    assertEquals("folio.lock", resolveApi(fn, "folio_lock", local("folio")).cls().id());
    assertEquals("inode.i_rwsem", resolve(fn, addr(arrow(local("inode"), "i_rwsem"))).cls().id());
  }

  @Test void unknownTypesFallBackToNormalisedText() {
    Function fn = fn("a.c", "f").ret().build();
    LockRef r = resolve(fn, addr(arrow(other("get_dev( x )"), "lock")));
    assertEquals(LockClass.Resolution.TEXT, r.cls().resolution());
    assertEquals("get_dev( x )->lock", r.cls().id());
  }

  @Test void templatesSubstituteCallersArguments() {
    assertEquals(Optional.of("x->lock"), LockResolver.substitute("$0->lock", List.of(local("x"))));
    assertEquals(Optional.of("s.lock"), LockResolver.substitute("$0->lock", List.of(addr(global("s")))));
    assertEquals(Optional.of("g"), LockResolver.substitute("$1", List.of(local("x"), addr(global("g")))));
    assertEquals(Optional.empty(), LockResolver.substitute("$2", List.of(local("x"))));
    assertEquals(Optional.of("(a + 1)->lock"), LockResolver.substitute("$0->lock", List.of(other("a + 1"))));
  }

  @Test void callersReResolveTextClassesFromTheirArguments() {
    // helper(struct mutex *lock) { mutex_lock(lock); }  called as helper(&dev->lock)
    Facts f = Facts.of(unit("a.c",
        fn("a.c", "helper").param("struct mutex *", "lock").call("mutex_lock", param("lock")).ret().build(),
        fn("a.c", "user").param("struct dev *", "dev").call("helper", addr(arrow(param("dev"), "lock", "dev")))
            .call("work").ret().build()));
    assertEquals("helper:lock", f.facts.summary(f.fn("helper")).atReturn().get(0).lock().cls().id());
    assertEquals("$0", f.facts.summary(f.fn("helper")).atReturn().get(0).lock().expr());
    var held = f.states("user", f.call("user", "work")).get(0).held().get(0);
    assertEquals("dev.lock", held.lock().cls().id());
    assertEquals("dev->lock", held.lock().expr());
    assertEquals("dev.lock", f.facts.summary(f.fn("user")).acquires().get(0).lock().cls().id());
    assertEquals("$0->lock", f.facts.summary(f.fn("user")).acquires().get(0).lock().expr());
  }

  /** Same id and same resolution: equality of lock classes looks at the id alone. */
  private static void assertResolvedAs(LockClass expected, LockClass actual) {
    assertEquals(expected.id(), actual.id());
    assertEquals(expected.resolution(), actual.resolution(), () -> "resolution of " + actual.id());
  }

  @Test void rootLengthIsWhatTheWordRegexMatches() {
    java.util.regex.Pattern root = java.util.regex.Pattern.compile("^(\\w+)(.*)$", java.util.regex.Pattern.DOTALL);
    java.util.Random random = new java.util.Random(7);
    String alphabet = "aZ_9$->.()[]& \n\u00e9";
    int matched = 0;
    for (int n = 0; n < 5000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(8); k > 0; k--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String text = b.toString();
      java.util.regex.Matcher m = root.matcher(text);
      int expected = m.matches() ? m.group(1).length() : 0;
      if (expected > 0) matched++;
      assertEquals(expected, LockResolver.rootLength(text), text);
    }
    assertTrue(matched > 1000, "the texts must exercise both outcomes");
  }
}
