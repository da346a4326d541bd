package faultline.lock;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LockApisTest {

  private static final LockApis K = LockApis.kernel();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // api, effect, success, kind, mode, field, class, nested
      "mutex_lock, ACQUIRE, NONZERO, MUTEX, EXCLUSIVE, '', '', false",
      "mutex_lock_nested, ACQUIRE, NONZERO, MUTEX, EXCLUSIVE, '', '', true",
      "mutex_lock_io, ACQUIRE, NONZERO, MUTEX, EXCLUSIVE, '', '', false",
      "mutex_lock_interruptible, TRY_ACQUIRE, ZERO, MUTEX, EXCLUSIVE, '', '', false",
      "mutex_lock_killable, TRY_ACQUIRE, ZERO, MUTEX, EXCLUSIVE, '', '', false",
      "mutex_trylock, TRY_ACQUIRE, NONZERO, MUTEX, EXCLUSIVE, '', '', false",
      "mutex_unlock, RELEASE, NONZERO, MUTEX, EXCLUSIVE, '', '', false",
      "down_read, ACQUIRE, NONZERO, RWSEM, SHARED, '', '', false",
      "down_read_nested, ACQUIRE, NONZERO, RWSEM, SHARED, '', '', true",
      "down_read_killable, TRY_ACQUIRE, ZERO, RWSEM, SHARED, '', '', false",
      "down_read_interruptible, TRY_ACQUIRE, ZERO, RWSEM, SHARED, '', '', false",
      "down_read_trylock, TRY_ACQUIRE, NONZERO, RWSEM, SHARED, '', '', false",
      "down_write, ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, '', '', false",
      "down_write_killable, TRY_ACQUIRE, ZERO, RWSEM, EXCLUSIVE, '', '', false",
      "down_write_trylock, TRY_ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, '', '', false",
      "up_read, RELEASE, NONZERO, RWSEM, SHARED, '', '', false",
      "up_write, RELEASE, NONZERO, RWSEM, EXCLUSIVE, '', '', false",
      "downgrade_write, DOWNGRADE, NONZERO, RWSEM, SHARED, '', '', false",
      "spin_lock, ACQUIRE, NONZERO, SPINLOCK, EXCLUSIVE, '', '', false",
      "spin_lock_irqsave_nested, ACQUIRE, NONZERO, SPINLOCK, EXCLUSIVE, '', '', true",
      "spin_trylock_irqsave, TRY_ACQUIRE, NONZERO, SPINLOCK, EXCLUSIVE, '', '', false",
      "raw_spin_lock_irq, ACQUIRE, NONZERO, SPINLOCK, EXCLUSIVE, '', '', false",
      "read_lock_bh, ACQUIRE, NONZERO, RWLOCK, SHARED, '', '', false",
      "write_trylock, TRY_ACQUIRE, NONZERO, RWLOCK, EXCLUSIVE, '', '', false",
      "write_unlock_irqrestore, RELEASE, NONZERO, RWLOCK, EXCLUSIVE, '', '', false",
      "write_seqlock_irqsave, ACQUIRE, NONZERO, SEQLOCK, EXCLUSIVE, '', '', false",
      "write_sequnlock, RELEASE, NONZERO, SEQLOCK, EXCLUSIVE, '', '', false",
      "mmap_read_lock, ACQUIRE, NONZERO, RWSEM, SHARED, mmap_lock, mm_struct.mmap_lock, false",
      "mmap_read_lock_killable, TRY_ACQUIRE, ZERO, RWSEM, SHARED, mmap_lock, mm_struct.mmap_lock, false",
      "mmap_read_trylock, TRY_ACQUIRE, NONZERO, RWSEM, SHARED, mmap_lock, mm_struct.mmap_lock, false",
      "mmap_write_lock, ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, mmap_lock, mm_struct.mmap_lock, false",
      "mmap_write_unlock, RELEASE, NONZERO, RWSEM, EXCLUSIVE, mmap_lock, mm_struct.mmap_lock, false",
      "mmap_write_downgrade, DOWNGRADE, NONZERO, RWSEM, SHARED, mmap_lock, mm_struct.mmap_lock, false",
      "i_mmap_lock_write, ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, i_mmap_rwsem, address_space.i_mmap_rwsem, false",
      "i_mmap_unlock_read, RELEASE, NONZERO, RWSEM, SHARED, i_mmap_rwsem, address_space.i_mmap_rwsem, false",
      "inode_lock, ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, i_rwsem, inode.i_rwsem, false",
      "inode_lock_shared, ACQUIRE, NONZERO, RWSEM, SHARED, i_rwsem, inode.i_rwsem, false",
      "inode_lock_nested, ACQUIRE, NONZERO, RWSEM, EXCLUSIVE, i_rwsem, inode.i_rwsem, true",
      "lock_page, ACQUIRE, NONZERO, PAGE_LOCK, EXCLUSIVE, '', page.lock, false",
      "trylock_page, TRY_ACQUIRE, NONZERO, PAGE_LOCK, EXCLUSIVE, '', page.lock, false",
      "folio_lock, ACQUIRE, NONZERO, PAGE_LOCK, EXCLUSIVE, '', folio.lock, false",
      "folio_unlock, RELEASE, NONZERO, PAGE_LOCK, EXCLUSIVE, '', folio.lock, false",
  })
  void lockApiFamilies(String api, String effect, String success, String kind, String mode, String field, String cls,
      boolean nested) {
    LockApi a = K.lock(api).orElseThrow(() -> new AssertionError("missing " + api));
    assertEquals(LockApi.Effect.valueOf(effect), a.effect());
    if (a.effect() == LockApi.Effect.TRY_ACQUIRE) assertEquals(LockApi.TrySuccess.valueOf(success), a.success());
    assertEquals(LockKind.valueOf(kind), a.kind());
    assertEquals(LockMode.valueOf(mode), a.mode());
    assertEquals(0, a.argIndex());
    assertEquals(field, a.field());
    assertEquals(cls, a.fixedClass().map(LockClass::id).orElse(""));
    assertEquals(nested, a.nested());
  }

  @Test void lockContextsFollowTheVariant() {
    assertEquals(List.of(ContextKind.IRQ_OFF), K.lock("spin_lock_irq").orElseThrow().enter());
    assertEquals(List.of(ContextKind.IRQ_OFF), K.lock("spin_unlock_irqrestore").orElseThrow().exit());
    assertEquals(List.of(ContextKind.BH_OFF), K.lock("spin_lock_bh").orElseThrow().enter());
    assertEquals(List.of(), K.lock("spin_lock").orElseThrow().enter());
    assertEquals(List.of(ContextKind.IRQ_OFF), K.lock("write_seqlock_irq").orElseThrow().enter());
  }

  @Test void contextCalls() {
    assertEquals(new LockApis.ContextApi("rcu_read_lock", true, List.of(ContextKind.RCU_READ)), K.context("rcu_read_lock").orElseThrow());
    assertFalse(K.context("rcu_read_unlock").orElseThrow().enter());
    assertEquals(List.of(ContextKind.PAGEFAULT_OFF, ContextKind.PREEMPT_OFF), K.context("kmap_atomic").orElseThrow().kinds());
    assertEquals(List.of(ContextKind.PAGEFAULT_OFF, ContextKind.PREEMPT_OFF), K.context("kunmap_atomic").orElseThrow().kinds());
    for (String n : List.of("preempt_disable", "local_irq_disable", "local_irq_save", "local_bh_disable", "pagefault_disable")) {
      assertTrue(K.context(n).orElseThrow().enter(), n);
    }
    for (String n : List.of("preempt_enable", "local_irq_enable", "local_irq_restore", "local_bh_enable", "pagefault_enable")) {
      assertFalse(K.context(n).orElseThrow().enter(), n);
    }
    assertTrue(K.context("kmap_local_page").isEmpty(), "kmap_local_* disables nothing (seed 001)");
  }

  @Test void guards() {
    assertEquals(Optional.of(LockKind.MUTEX), K.guard("mutex").orElseThrow().kind());
    assertEquals(LockMode.SHARED, K.guard("rwsem_read").orElseThrow().mode());
    assertEquals(List.of(ContextKind.IRQ_OFF), K.guard("spinlock_irqsave").orElseThrow().enter());
    assertEquals(Optional.empty(), K.guard("rcu").orElseThrow().kind());
    assertEquals(List.of(ContextKind.RCU_READ), K.guard("rcu").orElseThrow().enter());
    assertTrue(K.guard("raw_spinlock_irqsave").isPresent());
    assertTrue(K.guard("write_lock").isPresent());
  }

  @Test void userAccessesButNotTheirNofaultForms() {
    for (String n : List.of("copy_to_user", "copy_from_user", "__copy_to_user", "__copy_from_user", "get_user", "put_user",
        "__get_user", "__put_user", "clear_user", "__clear_user", "strncpy_from_user", "strnlen_user", "copy_to_iter",
        "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter", "copy_struct_from_user", "memdup_user",
        "memdup_user_nul", "vmemdup_user", "strndup_user", "get_user_pages_fast", "pin_user_pages_fast", "fault_in_readable")) {
      assertTrue(K.isUserAccess(n), n);
    }
    for (String n : List.of("copy_from_kernel_nofault", "__copy_from_user_inatomic", "copy_to_user_nofault", "memcpy",
        "get_user_pages", "get_user_pages_remote", "pin_user_pages", "pin_user_pages_remote")) {
      assertFalse(K.isUserAccess(n), n);
    }
  }

  @Test void sleepingCallsAndGfpMasks() {
    assertTrue(K.maySleep("kmalloc", List.of("len", "GFP_KERNEL")));
    assertTrue(K.maySleep("kzalloc", List.of("len", "GFP_KERNEL | __GFP_ZERO")));
    assertTrue(K.maySleep("kcalloc", List.of("n", "size", "GFP_NOFS")));
    assertTrue(K.maySleep("kmem_cache_alloc", List.of("cache", "GFP_NOIO")));
    assertTrue(K.maySleep("alloc_pages", List.of("GFP_HIGHUSER", "0")));
    assertFalse(K.maySleep("kmalloc", List.of("len", "GFP_ATOMIC")));
    assertFalse(K.maySleep("kmalloc", List.of("len", "GFP_NOWAIT")));
    assertFalse(K.maySleep("kmalloc", List.of("len", "gfp")), "an unknown mask is not assumed to sleep");
    assertTrue(K.maySleep("vmalloc", List.of("len")));
    for (String n : List.of("msleep", "ssleep", "usleep_range", "schedule", "schedule_timeout", "wait_event",
        "wait_for_completion", "flush_work", "flush_workqueue", "cancel_work_sync", "cancel_delayed_work_sync",
        "synchronize_rcu", "synchronize_srcu", "rcu_barrier", "might_sleep", "cond_resched", "down")) {
      assertTrue(K.maySleep(n, List.of("x", "y")), n);
    }
    assertTrue(K.maySleep("mutex_lock", List.of("&m")));
    assertTrue(K.maySleep("down_write_killable", List.of("&s")));
    assertTrue(K.maySleep("copy_to_user", List.of("a", "b", "c")));
    assertFalse(K.maySleep("mutex_trylock", List.of("&m")));
    assertFalse(K.maySleep("spin_lock", List.of("&l")));
    assertFalse(K.maySleep("mutex_unlock", List.of("&m")));
  }

  @Test void fieldAliasesAndEntryPoints() {
    assertEquals(LockClass.MMAP_LOCK, K.fieldClass("mmap_sem").orElseThrow());
    assertEquals(LockClass.MMAP_LOCK, K.fieldClass("mmap_lock").orElseThrow());
    assertEquals(LockApis.EntryKind.FAULT, K.entry("vm_operations_struct.fault").orElseThrow());
    assertEquals(LockApis.EntryKind.FAULT, K.entry("vm_operations_struct.page_mkwrite").orElseThrow());
    assertEquals(LockApis.EntryKind.BLOCK_IO, K.entry("address_space_operations.read_folio").orElseThrow());
    assertEquals(LockApis.EntryKind.BLOCK_IO, K.entry("blk_mq_ops.queue_rq").orElseThrow());
    assertEquals(LockApis.EntryKind.BLOCK_IO, K.entry("block_device_operations.submit_bio").orElseThrow());
    assertEquals(LockApis.EntryKind.BLOCK_IO, K.entryType("get_block_t *").orElseThrow());
    assertEquals(LockApis.EntryKind.FAULT, K.entryByFieldName("fault").orElseThrow());
    assertTrue(K.entryByFieldName("complete").isEmpty(), "too generic a field name to match without the struct");
    assertTrue(K.entry("file_operations.read").isEmpty());
  }

  @Test void macrosTheModelKnowsWinOverTheirExpansion() {
    assertEquals("mmap_read_lock", K.apiName("down_read", Optional.of("mmap_read_lock")));
    assertEquals("down_read", K.apiName("down_read", Optional.of("SOME_WRAPPER")));
  }

  @Test void malformedLinesAreRejectedWithTheirLineNumber() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LockApis.parse("# comment\nlock foo ACQUIRE MUTEX EXCLUSIVE $0\nlock bar TRY_ACQUIRE(maybe) MUTEX EXCLUSIVE $0\n"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LockApis.parse("lock a ACQUIRE MUTEX EXCLUSIVE $0\nlock a RELEASE MUTEX EXCLUSIVE $0"));
    assertThrows(IllegalArgumentException.class, () -> LockApis.parse("frobnicate x"));
    assertEquals(1, LockApis.parse("context x enter IRQ_OFF").sizes().get("context"));
  }
}
