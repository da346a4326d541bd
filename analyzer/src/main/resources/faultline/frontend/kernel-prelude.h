/*
 * faultline kernel prelude: macro definitions given to the preprocessor before every file (fuzzy mode
 * reads no headers). Each macro makes a kernel idiom parse as what it means to the lock analysis.
 * Only #define lines are read (one per logical line, backslash continuations allowed).
 * Lock APIs (mutex_lock, spin_lock_irqsave, ...) are deliberately NOT defined: they stay plain calls.
 * Names starting with __faultline_ are markers the lowering recognises; they never reach the IR as calls.
 */

/* ---- annotations that expand to nothing ---- */
#define __user
#define __kernel
#define __iomem
#define __rcu
#define __percpu
#define __force
#define __bitwise
#define __safe
#define __nocast
#define __private
#define __data_racy
#define __must_check
#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __exit_p(x) x
#define __meminit
#define __meminitdata
#define __meminitconst
#define __ref
#define __refdata
#define __refconst
#define __init_or_module
#define __initdata_or_module
#define __devinit
#define __devexit
#define __devinitdata
#define __devexit_p(x) x
#define __cpuinit
#define __cpuinitdata
#define __read_mostly
#define __ro_after_init
#define __maybe_unused
#define __always_unused
#define __used
#define __always_inline inline
#define __inline_maybe_unused
#define noinline
#define __noinline
#define noinline_for_stack
#define __cold
#define __hot
#define __pure
#define __attribute_const__
#define __printf(a, b)
#define __scanf(a, b)
#define __aligned(x)
#define __aligned_largest
#define __packed
#define __section(x)
#define __used_section(x)
#define notrace
#define asmlinkage
#define __visible
#define __weak
#define __noreturn
#define __noclone
#define __naked
#define __flatten
#define __malloc
#define __deprecated
#define __counted_by(x)
#define __counted_by_le(x)
#define __counted_by_be(x)
#define __sized_by(x)
#define __nonstring
#define __alloc_size(...)
#define __realloc_size(...)
#define __assume_aligned(...)
#define __designated_init
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __latent_entropy
#define __cacheline_aligned
#define __cacheline_aligned_in_smp
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp
#define ____cacheline_internodealigned_in_smp
#define __page_aligned_data
#define __page_aligned_bss
#define __sched
#define __kprobes
#define nokprobe_inline inline
#define NOKPROBE_SYMBOL(fname) extern int __faultline_nokprobe_##fname
#define __irq_entry
#define __softirqentry_text
#define noinstr
#define __noinstr_section(x)
#define __nocfi
#define __noscs
#define __no_kcsan
#define __no_sanitize_address
#define __no_sanitize_thread
#define __no_sanitize_undefined
#define __no_sanitize_or_inline inline
#define __no_stack_protector
#define __no_profile
#define __nostackprotector
#define __always_inline_except_kasan inline
#define __fix_address
#define __uninitialized
#define __free(x)
#define __cleanup(x)
#define __mode(x)
#define __must_be_array(a) 0
#define __native_word(t) 1
#define __stringify(x) #x
#define __is_constexpr(x) 1
#define __diag_push()
#define __diag_pop()
#define __diag_ignore(...)
#define __diag_ignore_all(...)
#define __ADDRESSABLE(sym)
#define __exitcall(fn)
#define fallthrough
#define __fallthrough
#define __wsum unsigned int
#define __percpu_seg_override
#define __ksym
#define __bpf_kfunc
#define __rcu_guarded

/* ---- log levels: string prefixes, so printk(KERN_ERR "x") is a call with one string ---- */
#define KERN_SOH ""
#define KERN_EMERG ""
#define KERN_ALERT ""
#define KERN_CRIT ""
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_NOTICE ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#define KERN_DEFAULT ""
#define KERN_CONT ""
#define SEC(name) __attribute__((section(name)))
#define ACPI_EXPORT_SYMBOL(sym) extern typeof(sym) sym;
#define ACPI_EXPORT_SYMBOL_INIT(sym) extern typeof(sym) sym;

/* ---- sparse lock annotations: empty here, read back from the macro expansions by the front-end ---- */
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __cond_acquires(x)
#define __cond_releases(x)
#define __acquire(x) ((void)0)
#define __release(x) ((void)0)
#define __cond_lock(x, c) (c)

/* ---- branch hints and once-accessors ---- */
#define likely(x) (x)
#define unlikely(x) (x)
#define likely_notrace(x) (x)
#define unlikely_notrace(x) (x)
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, val) ((x) = (val))
#define data_race(expr) (expr)
#define ACCESS_ONCE(x) (x)
#define smp_load_acquire(p) (*(p))
#define smp_store_release(p, v) (*(p) = (v))
#define rcu_dereference(p) (p)
#define rcu_dereference_check(p, c) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p) (p)
#define rcu_dereference_bh(p) (p)
#define rcu_dereference_sched(p) (p)
#define rcu_access_pointer(p) (p)
#define srcu_dereference(p, ssp) (p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_replace_pointer(rcu_ptr, ptr, c) ((rcu_ptr) = (ptr))
#define no_free_ptr(p) (p)
#define return_ptr(p) return (p)
#define retain_and_null_ptr(p) ((p) = 0)

/* ---- type helpers ---- */
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#define container_of(ptr, type, member) ((type *)(ptr))
#define container_of_const(ptr, type, member) container_of(ptr, type, member)
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) container_of((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) container_of((ptr)->prev, type, member)
#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define llist_entry(ptr, type, member) container_of(ptr, type, member)
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define FIELD_SIZEOF(t, f) sizeof_field(t, f)
#define typeof_member(T, m) typeof(((T *)0)->m)
#define min_t(type, x, y) ((type)min((x), (y)))
#define max_t(type, x, y) ((type)max((x), (y)))
#define clamp_t(type, val, lo, hi) ((type)clamp((val), (lo), (hi)))
#define clamp_val(val, lo, hi) clamp((val), (lo), (hi))
#define BUILD_BUG_ON(cond) ((void)sizeof(char[1 - 2 * !!(cond)]))
#define BUILD_BUG_ON_MSG(cond, msg) BUILD_BUG_ON(cond)
#define BUILD_BUG_ON_ZERO(e) 0
#define BUILD_BUG() ((void)0)
#define static_assert(expr, ...) extern int __faultline_static_assert
#define DECLARE_BITMAP(name, bits) unsigned long name[(bits)]
#define DEFINE_HASHTABLE(name, bits) struct hlist_head name[1 << (bits)]
#define DECLARE_HASHTABLE(name, bits) struct hlist_head name[1 << (bits)]
#define IS_ENABLED(option) (option)
#define IS_BUILTIN(option) (option)
#define IS_REACHABLE(option) (option)
#define IS_MODULE(option) 0
#define __KERNEL__ 1

/* ---- scoped locks (linux/cleanup.h); markers read by the lowering ---- */
#define guard(_name) __faultline_guard(_name)
#define scoped_guard(_name, ...) for (__faultline_scoped_guard(_name, ##__VA_ARGS__);;)
#define scoped_cond_guard(_name, _fail, ...) for (__faultline_scoped_guard(_name, ##__VA_ARGS__);;) if (__faultline_guard_failed()) _fail; else
#define CLASS(_name, var) void *var = __faultline_class(_name)
#define DEFINE_GUARD(_name, ...) extern int __faultline_guard_class_##_name
#define DEFINE_GUARD_COND(_name, _ext, ...) extern int __faultline_guard_class_##_name##_ext
#define DEFINE_LOCK_GUARD_0(_name, ...) extern int __faultline_guard_class_##_name
#define DEFINE_LOCK_GUARD_1(_name, ...) extern int __faultline_guard_class_##_name
#define DEFINE_LOCK_GUARD_1_COND(_name, _ext, ...) extern int __faultline_guard_class_##_name##_ext
#define DEFINE_CLASS(_name, ...) extern int __faultline_guard_class_##_name
#define EXTEND_CLASS(_name, ext, ...) extern int __faultline_guard_class_##_name##ext
#define DEFINE_FREE(_name, ...) extern int __faultline_free_class_##_name

/* ---- lock and object definitions: variable definitions of the real type ---- */
#define DEFINE_MUTEX(x) struct mutex x
#define DEFINE_SPINLOCK(x) spinlock_t x
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x
#define DEFINE_RWLOCK(x) rwlock_t x
#define DECLARE_RWSEM(x) struct rw_semaphore x
#define DEFINE_SEMAPHORE(x, ...) struct semaphore x
#define DEFINE_SEQLOCK(x) seqlock_t x
#define DEFINE_RT_MUTEX(x) struct rt_mutex x
#define DEFINE_WW_CLASS(x) struct ww_class x
#define DEFINE_WD_CLASS(x) struct ww_class x
#define DEFINE_PERCPU_RWSEM(x) struct percpu_rw_semaphore x
#define DEFINE_STATIC_PERCPU_RWSEM(x) struct percpu_rw_semaphore x
#define DEFINE_SRCU(x) struct srcu_struct x
#define DEFINE_STATIC_SRCU(x) struct srcu_struct x
#define DEFINE_LOCAL_LOCK(x) local_lock_t x
#define DECLARE_COMPLETION(x) struct completion x
#define DECLARE_COMPLETION_ONSTACK(x) struct completion x
#define DECLARE_COMPLETION_ONSTACK_MAP(x, m) struct completion x
#define DECLARE_WAIT_QUEUE_HEAD(x) struct wait_queue_head x
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(x) struct wait_queue_head x
#define DECLARE_WAITQUEUE(x, tsk) struct wait_queue_entry x
#define DEFINE_WAIT(x) struct wait_queue_entry x
#define DEFINE_WAIT_FUNC(x, f) struct wait_queue_entry x
#define DEFINE_WAIT_BIT(x, w, b) struct wait_bit_queue_entry x
#define DECLARE_SWAITQUEUE(x) struct swait_queue x
#define DECLARE_SWAIT_QUEUE_HEAD(x) struct swait_queue_head x
#define DEFINE_IDA(x) struct ida x
#define DEFINE_IDR(x) struct idr x
#define DEFINE_XARRAY(x) struct xarray x
#define DEFINE_XARRAY_ALLOC(x) struct xarray x
#define DEFINE_XARRAY_ALLOC1(x) struct xarray x
#define DEFINE_XARRAY_FLAGS(x, f) struct xarray x
#define LIST_HEAD(x) struct list_head x
#define HLIST_HEAD(x) struct hlist_head x
#define LLIST_HEAD(x) struct llist_head x
#define RADIX_TREE(x, mask) struct radix_tree_root x
#define DEFINE_PER_CPU(type, name) type name
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) type name
#define DEFINE_PER_CPU_ALIGNED(type, name) type name
#define DEFINE_PER_CPU_READ_MOSTLY(type, name) type name
#define DEFINE_PER_CPU_PAGE_ALIGNED(type, name) type name
#define DEFINE_PER_CPU_DECRYPTED(type, name) type name
#define DEFINE_PER_CPU_CACHE_HOT(type, name) type name
#define DECLARE_PER_CPU(type, name) extern type name
#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) extern type name
#define DECLARE_PER_CPU_READ_MOSTLY(type, name) extern type name
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name
#define DEFINE_STATIC_KEY_TRUE(name) struct static_key_true name
#define DEFINE_STATIC_KEY_FALSE_RO(name) struct static_key_false name
#define DEFINE_STATIC_KEY_TRUE_RO(name) struct static_key_true name
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define DECLARE_STATIC_KEY_TRUE(name) extern struct static_key_true name
#define DEFINE_STATIC_KEY_ARRAY_FALSE(name, count) struct static_key_false name[count]
#define DEFINE_RATELIMIT_STATE(name, interval, burst) struct ratelimit_state name
#define DEFINE_SPINLOCK_IRQSAVE(x) spinlock_t x
#define DECLARE_KFIFO(fifo, type, size) struct kfifo fifo
#define DEFINE_KFIFO(fifo, type, size) struct kfifo fifo
#define DECLARE_KFIFO_PTR(fifo, type) struct kfifo fifo
#define DEFINE_MUTEX_IRQ(x) struct mutex x
#define DEFINE_STATIC_CALL(name, func) extern int __faultline_static_call_##name
#define DECLARE_STATIC_CALL(name, func) extern int __faultline_static_call_##name
#define DEFINE_STATIC_CALL_NULL(name, typename) extern int __faultline_static_call_##name
#define DEFINE_LOCK_GUARD_0_COND(...) extern int __faultline_guard_class
#define __SPIN_LOCK_UNLOCKED(x) {0}
#define __RAW_SPIN_LOCK_UNLOCKED(x) {0}
#define __MUTEX_INITIALIZER(x) {0}
#define __RWSEM_INITIALIZER(x) {0}
#define __WAIT_QUEUE_HEAD_INITIALIZER(x) {0}
#define LIST_HEAD_INIT(x) { &(x), &(x) }
#define HLIST_HEAD_INIT {0}
#define ATOMIC_INIT(i) { (i) }
#define ATOMIC64_INIT(i) { (i) }

/* ---- work items and attributes: a designated initializer, so the function becomes an ops binding ---- */
#define DECLARE_WORK(n, f) struct work_struct n = { .func = (f) }
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = { .work = { .func = (f) } }
#define DECLARE_DEFERRABLE_WORK(n, f) struct delayed_work n = { .work = { .func = (f) } }
#define DECLARE_TASKLET(name, cb) struct tasklet_struct name = { .callback = (cb) }
#define DECLARE_TASKLET_OLD(name, cb) struct tasklet_struct name = { .func = (cb) }
#define DECLARE_TASKLET_DISABLED(name, cb) struct tasklet_struct name = { .callback = (cb) }
#define DEFINE_TIMER(name, fn) struct timer_list name = { .function = (fn) }
#define DEVICE_ATTR(_name, _mode, _show, _store) struct device_attribute dev_attr_##_name = { .show = _show, .store = _store }
#define DEVICE_ATTR_RW(_name) struct device_attribute dev_attr_##_name = { .show = _name##_show, .store = _name##_store }
#define DEVICE_ATTR_ADMIN_RW(_name) struct device_attribute dev_attr_##_name = { .show = _name##_show, .store = _name##_store }
#define DEVICE_ATTR_RO(_name) struct device_attribute dev_attr_##_name = { .show = _name##_show }
#define DEVICE_ATTR_ADMIN_RO(_name) struct device_attribute dev_attr_##_name = { .show = _name##_show }
#define DEVICE_ATTR_WO(_name) struct device_attribute dev_attr_##_name = { .store = _name##_store }
#define DRIVER_ATTR_RW(_name) struct driver_attribute driver_attr_##_name = { .show = _name##_show, .store = _name##_store }
#define DRIVER_ATTR_RO(_name) struct driver_attribute driver_attr_##_name = { .show = _name##_show }
#define DRIVER_ATTR_WO(_name) struct driver_attribute driver_attr_##_name = { .store = _name##_store }
#define BUS_ATTR_RW(_name) struct bus_attribute bus_attr_##_name = { .show = _name##_show, .store = _name##_store }
#define BUS_ATTR_RO(_name) struct bus_attribute bus_attr_##_name = { .show = _name##_show }
#define BUS_ATTR_WO(_name) struct bus_attribute bus_attr_##_name = { .store = _name##_store }
#define CLASS_ATTR_RW(_name) struct class_attribute class_attr_##_name = { .show = _name##_show, .store = _name##_store }
#define CLASS_ATTR_RO(_name) struct class_attribute class_attr_##_name = { .show = _name##_show }
#define CLASS_ATTR_WO(_name) struct class_attribute class_attr_##_name = { .store = _name##_store }
#define CLASS_ATTR_STRING(_name, _mode, _str) struct class_attribute_string class_attr_##_name
#define __ATTR(_name, _mode, _show, _store) { .show = _show, .store = _store }
#define __ATTR_RO(_name) { .show = _name##_show }
#define __ATTR_RO_MODE(_name, _mode) { .show = _name##_show }
#define __ATTR_RW(_name) { .show = _name##_show, .store = _name##_store }
#define __ATTR_RW_MODE(_name, _mode) { .show = _name##_show, .store = _name##_store }
#define __ATTR_WO(_name) { .store = _name##_store }
#define __ATTR_NULL { 0 }
#define ATTRIBUTE_GROUPS(_name) extern const struct attribute_group *_name##_groups[]
#define ATTRIBUTE_GROUPS_BIN(_name) extern const struct attribute_group *_name##_groups[]
#define DEFINE_SHOW_ATTRIBUTE(__name) extern const struct file_operations __name##_fops
#define DEFINE_SHOW_STORE_ATTRIBUTE(__name) extern const struct file_operations __name##_fops
#define DEFINE_SEQ_ATTRIBUTE(__name) extern const struct file_operations __name##_fops
#define DEFINE_PROC_SHOW_ATTRIBUTE(__name) extern const struct proc_ops __name##_proc_ops
#define DEFINE_SIMPLE_ATTRIBUTE(__fops, __get, __set, __fmt) extern const struct file_operations __fops
#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt) extern const struct file_operations __fops
#define DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(__fops, __get, __set, __fmt) extern const struct file_operations __fops
#define SIMPLE_DEV_PM_OPS(name, suspend_fn, resume_fn) const struct dev_pm_ops name = { .suspend = suspend_fn, .resume = resume_fn }
#define DEFINE_SIMPLE_DEV_PM_OPS(name, suspend_fn, resume_fn) const struct dev_pm_ops name = { .suspend = suspend_fn, .resume = resume_fn }
#define DEFINE_RUNTIME_DEV_PM_OPS(name, suspend_fn, resume_fn, idle_fn) const struct dev_pm_ops name = { .runtime_suspend = suspend_fn, .runtime_resume = resume_fn, .runtime_idle = idle_fn }
#define UNIVERSAL_DEV_PM_OPS(name, suspend_fn, resume_fn, idle_fn) const struct dev_pm_ops name = { .suspend = suspend_fn, .resume = resume_fn, .runtime_idle = idle_fn }
#define SET_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend = suspend_fn, .resume = resume_fn,
#define SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend = suspend_fn, .resume = resume_fn,
#define SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn) .runtime_suspend = suspend_fn, .runtime_resume = resume_fn, .runtime_idle = idle_fn,
#define RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn) .runtime_suspend = suspend_fn, .runtime_resume = resume_fn, .runtime_idle = idle_fn,
#define SET_LATE_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend_late = suspend_fn, .resume_early = resume_fn,
#define LATE_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend_late = suspend_fn, .resume_early = resume_fn,
#define SET_NOIRQ_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend_noirq = suspend_fn, .resume_noirq = resume_fn,
#define NOIRQ_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend_noirq = suspend_fn, .resume_noirq = resume_fn,
#define pm_ptr(ptr) (ptr)
#define pm_sleep_ptr(ptr) (ptr)
#define of_match_ptr(ptr) (ptr)
#define ACPI_PTR(ptr) (ptr)

/* ---- system calls: SYSCALL_DEFINEn(name, ...) is the function sys_<name>, COMPAT_ ones compat_sys_<name> ---- */
#define SYSCALL_DEFINE0(sname) long sys_##sname(void)
#define SYSCALL_DEFINE1(sname, t1, a1) long sys_##sname(t1 a1)
#define SYSCALL_DEFINE2(sname, t1, a1, t2, a2) long sys_##sname(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(sname, t1, a1, t2, a2, t3, a3) long sys_##sname(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(sname, t1, a1, t2, a2, t3, a3, t4, a4) long sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(sname, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) long sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(sname, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) long sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)
#define COMPAT_SYSCALL_DEFINE0(sname) long compat_sys_##sname(void)
#define COMPAT_SYSCALL_DEFINE1(sname, t1, a1) long compat_sys_##sname(t1 a1)
#define COMPAT_SYSCALL_DEFINE2(sname, t1, a1, t2, a2) long compat_sys_##sname(t1 a1, t2 a2)
#define COMPAT_SYSCALL_DEFINE3(sname, t1, a1, t2, a2, t3, a3) long compat_sys_##sname(t1 a1, t2 a2, t3 a3)
#define COMPAT_SYSCALL_DEFINE4(sname, t1, a1, t2, a2, t3, a3, t4, a4) long compat_sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4)
#define COMPAT_SYSCALL_DEFINE5(sname, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) long compat_sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define COMPAT_SYSCALL_DEFINE6(sname, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) long compat_sys_##sname(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* ---- module and export boilerplate: harmless file-scope declarations ---- */
/* Not "extern typeof(sym) sym": that declares the exported function again as a file-scope variable, and
   every later call to it in the file was lowered as a call through a function pointer. */
#define EXPORT_SYMBOL(sym) extern int __faultline_export_##sym
#define EXPORT_SYMBOL_GPL(sym) extern int __faultline_export_##sym
#define EXPORT_SYMBOL_NS(sym, ns) extern int __faultline_export_##sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns) extern int __faultline_export_##sym
#define EXPORT_SYMBOL_GPL_FUTURE(sym) extern int __faultline_export_##sym
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods) extern int __faultline_export_##sym
#define EXPORT_TRACEPOINT_SYMBOL(name) extern int __faultline_export_tp_##name
#define EXPORT_TRACEPOINT_SYMBOL_GPL(name) extern int __faultline_export_tp_##name
#define EXPORT_PER_CPU_SYMBOL(var) extern int __faultline_export_##var
#define EXPORT_PER_CPU_SYMBOL_GPL(var) extern int __faultline_export_##var
#define EXPORT_STATIC_CALL(name) extern int __faultline_export_##name
#define EXPORT_STATIC_CALL_GPL(name) extern int __faultline_export_##name
#define EXPORT_STATIC_CALL_TRAMP(name) extern int __faultline_export_##name
#define EXPORT_STATIC_CALL_TRAMP_GPL(name) extern int __faultline_export_##name
#define ALLOW_ERROR_INJECTION(fname, type) extern int __faultline_error_injection_##fname
#define MODULE_LICENSE(x) extern int __faultline_module_info
#define MODULE_AUTHOR(x) extern int __faultline_module_info
#define MODULE_DESCRIPTION(x) extern int __faultline_module_info
#define MODULE_ALIAS(x) extern int __faultline_module_info
#define MODULE_ALIAS_FS(x) extern int __faultline_module_info
#define MODULE_ALIAS_CRYPTO(x) extern int __faultline_module_info
#define MODULE_ALIAS_NETPROTO(x) extern int __faultline_module_info
#define MODULE_ALIAS_MISCDEV(x) extern int __faultline_module_info
#define MODULE_ALIAS_CHARDEV_MAJOR(x) extern int __faultline_module_info
#define MODULE_ALIAS_BLOCKDEV_MAJOR(x) extern int __faultline_module_info
#define MODULE_ALIAS_RTNL_LINK(x) extern int __faultline_module_info
#define MODULE_ALIAS_GENL_FAMILY(x) extern int __faultline_module_info
#define MODULE_ALIAS_NET_PF_PROTO(...) extern int __faultline_module_info
#define MODULE_VERSION(x) extern int __faultline_module_info
#define MODULE_FIRMWARE(x) extern int __faultline_module_info
#define MODULE_SOFTDEP(x) extern int __faultline_module_info
#define MODULE_WEAKDEP(x) extern int __faultline_module_info
#define MODULE_IMPORT_NS(x) extern int __faultline_module_info
#define MODULE_INFO(tag, info) extern int __faultline_module_info
#define MODULE_PARM_DESC(name, desc) extern int __faultline_module_info
#define MODULE_DEVICE_TABLE(type, name) extern int __faultline_module_info
#define module_param(name, type, perm) extern int __faultline_module_info
#define module_param_named(name, value, type, perm) extern int __faultline_module_info
#define module_param_unsafe(name, type, perm) extern int __faultline_module_info
#define module_param_named_unsafe(name, value, type, perm) extern int __faultline_module_info
#define module_param_array(name, type, nump, perm) extern int __faultline_module_info
#define module_param_array_named(name, array, type, nump, perm) extern int __faultline_module_info
#define module_param_string(name, string, len, perm) extern int __faultline_module_info
#define module_param_cb(name, ops, arg, perm) extern int __faultline_module_info
#define module_param_call(name, set, get, arg, perm) extern int __faultline_module_info
#define core_param(name, var, type, perm) extern int __faultline_module_info
#define __setup(str, fn) extern typeof(fn) fn
#define early_param(str, fn) extern typeof(fn) fn
#define module_init(fn) extern typeof(fn) fn
#define module_exit(fn) extern typeof(fn) fn
#define module_driver(drv, ...) extern typeof(drv) drv
#define module_platform_driver(drv) extern typeof(drv) drv
#define builtin_platform_driver(drv) extern typeof(drv) drv
#define module_platform_driver_probe(drv, probe) extern typeof(drv) drv
#define module_pci_driver(drv) extern typeof(drv) drv
#define builtin_pci_driver(drv) extern typeof(drv) drv
#define module_usb_driver(drv) extern typeof(drv) drv
#define module_i2c_driver(drv) extern typeof(drv) drv
#define builtin_i2c_driver(drv) extern typeof(drv) drv
#define module_spi_driver(drv) extern typeof(drv) drv
#define module_serio_driver(drv) extern typeof(drv) drv
#define module_hid_driver(drv) extern typeof(drv) drv
#define module_virtio_driver(drv) extern typeof(drv) drv
#define module_mdio_driver(drv) extern typeof(drv) drv
#define module_phy_driver(drv) extern int __faultline_module_info
#define module_auxiliary_driver(drv) extern typeof(drv) drv
#define module_amba_driver(drv) extern typeof(drv) drv
#define module_sdio_driver(drv) extern typeof(drv) drv
#define module_spmi_driver(drv) extern typeof(drv) drv
#define module_pcmcia_driver(drv) extern typeof(drv) drv
#define module_acpi_driver(drv) extern typeof(drv) drv
#define module_comedi_driver(drv) extern typeof(drv) drv
#define module_comedi_pci_driver(drv, pdrv) extern typeof(drv) drv
#define module_comedi_usb_driver(drv, udrv) extern typeof(drv) drv
#define module_snd_seq_driver(drv) extern typeof(drv) drv
#define module_misc_device(dev) extern typeof(dev) dev
#define module_kunit_test_suite(...) extern int __faultline_module_info
#define kunit_test_suite(...) extern int __faultline_module_info
#define kunit_test_suites(...) extern int __faultline_module_info
#define pure_initcall(fn) extern typeof(fn) fn
#define core_initcall(fn) extern typeof(fn) fn
#define core_initcall_sync(fn) extern typeof(fn) fn
#define postcore_initcall(fn) extern typeof(fn) fn
#define postcore_initcall_sync(fn) extern typeof(fn) fn
#define arch_initcall(fn) extern typeof(fn) fn
#define arch_initcall_sync(fn) extern typeof(fn) fn
#define subsys_initcall(fn) extern typeof(fn) fn
#define subsys_initcall_sync(fn) extern typeof(fn) fn
#define fs_initcall(fn) extern typeof(fn) fn
#define fs_initcall_sync(fn) extern typeof(fn) fn
#define rootfs_initcall(fn) extern typeof(fn) fn
#define device_initcall(fn) extern typeof(fn) fn
#define device_initcall_sync(fn) extern typeof(fn) fn
#define late_initcall(fn) extern typeof(fn) fn
#define late_initcall_sync(fn) extern typeof(fn) fn
#define early_initcall(fn) extern typeof(fn) fn
#define console_initcall(fn) extern typeof(fn) fn
#define security_initcall(fn) extern typeof(fn) fn
#define __initcall(fn) extern typeof(fn) fn
#define __exitcall(fn)

/* ---- iteration: plain for loops over the same variables, no calls of their own ---- */
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_prev(pos, head) for (pos = (head)->prev; pos != (head); pos = pos->prev)
#define list_for_each_safe(pos, n, head) for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
#define list_for_each_prev_safe(pos, n, head) for (pos = (head)->prev, n = pos->prev; pos != (head); pos = n, n = pos->prev)
#define list_for_each_continue(pos, head) for (pos = pos->next; pos != (head); pos = pos->next)
#define list_for_each_rcu(pos, head, ...) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_entry(pos, head, member) for (pos = container_of((head)->next, typeof(*pos), member); &pos->member != (head); pos = container_of(pos->member.next, typeof(*pos), member))
#define list_for_each_entry_reverse(pos, head, member) for (pos = container_of((head)->prev, typeof(*pos), member); &pos->member != (head); pos = container_of(pos->member.prev, typeof(*pos), member))
#define list_for_each_entry_continue(pos, head, member) for (pos = container_of(pos->member.next, typeof(*pos), member); &pos->member != (head); pos = container_of(pos->member.next, typeof(*pos), member))
#define list_for_each_entry_continue_reverse(pos, head, member) for (pos = container_of(pos->member.prev, typeof(*pos), member); &pos->member != (head); pos = container_of(pos->member.prev, typeof(*pos), member))
#define list_for_each_entry_from(pos, head, member) for (; &pos->member != (head); pos = container_of(pos->member.next, typeof(*pos), member))
#define list_for_each_entry_from_reverse(pos, head, member) for (; &pos->member != (head); pos = container_of(pos->member.prev, typeof(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member) for (pos = container_of((head)->next, typeof(*pos), member), n = container_of(pos->member.next, typeof(*pos), member); &pos->member != (head); pos = n, n = container_of(n->member.next, typeof(*n), member))
#define list_for_each_entry_safe_reverse(pos, n, head, member) for (pos = container_of((head)->prev, typeof(*pos), member), n = container_of(pos->member.prev, typeof(*pos), member); &pos->member != (head); pos = n, n = container_of(n->member.prev, typeof(*n), member))
#define list_for_each_entry_safe_continue(pos, n, head, member) for (pos = container_of(pos->member.next, typeof(*pos), member), n = container_of(pos->member.next, typeof(*pos), member); &pos->member != (head); pos = n, n = container_of(n->member.next, typeof(*n), member))
#define list_for_each_entry_safe_from(pos, n, head, member) for (n = container_of(pos->member.next, typeof(*pos), member); &pos->member != (head); pos = n, n = container_of(n->member.next, typeof(*n), member))
#define list_for_each_entry_rcu(pos, head, member, ...) list_for_each_entry(pos, head, member)
#define list_for_each_entry_srcu(pos, head, member, cond) list_for_each_entry(pos, head, member)
#define list_for_each_entry_lockless(pos, head, member) list_for_each_entry(pos, head, member)
#define list_for_each_entry_continue_rcu(pos, head, member) list_for_each_entry_continue(pos, head, member)
#define list_for_each_entry_from_rcu(pos, head, member) list_for_each_entry_from(pos, head, member)
#define hlist_for_each(pos, head) for (pos = (head)->first; pos; pos = pos->next)
#define hlist_for_each_safe(pos, n, head) for (pos = (head)->first; pos && ((n = pos->next), 1); pos = n)
#define hlist_for_each_entry(pos, head, member) for (pos = container_of((head)->first, typeof(*(pos)), member); pos; pos = container_of((pos)->member.next, typeof(*(pos)), member))
#define hlist_for_each_entry_continue(pos, member) for (pos = container_of((pos)->member.next, typeof(*(pos)), member); pos; pos = container_of((pos)->member.next, typeof(*(pos)), member))
#define hlist_for_each_entry_from(pos, member) for (; pos; pos = container_of((pos)->member.next, typeof(*(pos)), member))
#define hlist_for_each_entry_safe(pos, n, head, member) for (pos = container_of((head)->first, typeof(*pos), member); pos && ((n = pos->member.next), 1); pos = container_of(n, typeof(*pos), member))
#define hlist_for_each_entry_rcu(pos, head, member, ...) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_rcu_bh(pos, head, member) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_srcu(pos, head, member, cond) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_rcu_notrace(pos, head, member) hlist_for_each_entry(pos, head, member)
#define hlist_for_each_entry_continue_rcu(pos, member) hlist_for_each_entry_continue(pos, member)
#define hlist_nulls_for_each_entry(tpos, pos, head, member) for (pos = (head)->first; pos && (tpos = container_of(pos, typeof(*tpos), member), 1); pos = pos->next)
#define hlist_nulls_for_each_entry_rcu(tpos, pos, head, member) hlist_nulls_for_each_entry(tpos, pos, head, member)
#define hlist_nulls_for_each_entry_safe(tpos, pos, head, member) hlist_nulls_for_each_entry(tpos, pos, head, member)
#define hlist_bl_for_each_entry(tpos, pos, head, member) for (pos = (head)->first; pos && (tpos = container_of(pos, typeof(*tpos), member), 1); pos = pos->next)
#define hlist_bl_for_each_entry_rcu(tpos, pos, head, member) hlist_bl_for_each_entry(tpos, pos, head, member)
#define hlist_bl_for_each_entry_safe(tpos, pos, n, head, member) hlist_bl_for_each_entry(tpos, pos, head, member)
#define llist_for_each(pos, node) for ((pos) = (node); pos; (pos) = (pos)->next)
#define llist_for_each_safe(pos, n, node) for ((pos) = (node); (pos) && ((n) = (pos)->next, 1); (pos) = (n))
#define llist_for_each_entry(pos, node, member) for ((pos) = container_of((node), typeof(*(pos)), member); (pos) != 0; (pos) = container_of((pos)->member.next, typeof(*(pos)), member))
#define llist_for_each_entry_safe(pos, n, node, member) for (pos = container_of((node), typeof(*pos), member); pos != 0 && (n = container_of(pos->member.next, typeof(*n), member), 1); pos = n)
#define rbtree_postorder_for_each_entry_safe(pos, n, root, field) for (pos = container_of((root)->rb_node, typeof(*pos), field); pos && ((n = container_of(pos->field.rb_right, typeof(*pos), field)), 1); pos = n)
#define rb_for_each(node, key, tree, cmp) for ((node) = (tree)->rb_node; (node); (node) = (node)->rb_right)
#define for_each_cpu(cpu, mask) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_not(cpu, mask) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_wrap(cpu, mask, start) for ((cpu) = (start); (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_and(cpu, mask1, mask2) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_andnot(cpu, mask1, mask2) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_or(cpu, mask1, mask2) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_cpu_from(cpu, mask) for (; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_online_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_present_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_active_cpu(cpu) for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define for_each_node(node) for ((node) = 0; (node) < nr_node_ids; (node)++)
#define for_each_online_node(node) for ((node) = 0; (node) < nr_node_ids; (node)++)
#define for_each_node_state(node, state) for ((node) = 0; (node) < nr_node_ids; (node)++)
#define for_each_node_mask(node, mask) for ((node) = 0; (node) < nr_node_ids; (node)++)
#define for_each_node_with_cpus(node) for ((node) = 0; (node) < nr_node_ids; (node)++)
#define for_each_online_pgdat(pgdat) for ((pgdat) = first_online_pgdat(); (pgdat); (pgdat) = next_online_pgdat(pgdat))
#define for_each_zone(zone) for ((zone) = 0; (zone); (zone)++)
#define for_each_populated_zone(zone) for ((zone) = 0; (zone); (zone)++)
#define for_each_set_bit(bit, addr, size) for ((bit) = 0; (bit) < (size); (bit)++)
#define for_each_set_bit_from(bit, addr, size) for (; (bit) < (size); (bit)++)
#define for_each_clear_bit(bit, addr, size) for ((bit) = 0; (bit) < (size); (bit)++)
#define for_each_clear_bit_from(bit, addr, size) for (; (bit) < (size); (bit)++)
#define for_each_set_bitrange(b, e, addr, size) for ((b) = 0, (e) = 0; (b) < (size); (b)++)
#define for_each_sg(sglist, sg, nr, __i) for ((__i) = 0, (sg) = (sglist); (__i) < (nr); (__i)++, (sg) = (sg) + 1)
#define for_each_sgtable_sg(sgt, sg, i) for ((i) = 0, (sg) = (sgt)->sgl; (i) < (sgt)->orig_nents; (i)++, (sg) = (sg) + 1)
#define for_each_sgtable_dma_sg(sgt, sg, i) for ((i) = 0, (sg) = (sgt)->sgl; (i) < (sgt)->nents; (i)++, (sg) = (sg) + 1)
#define for_each_process(p) for ((p) = &init_task; (p) != 0; (p) = (p)->next)
#define for_each_thread(p, t) for ((t) = (p); (t) != 0; (t) = (t)->next)
#define for_each_process_thread(p, t) for ((p) = &init_task, (t) = (p); (t) != 0; (t) = (t)->next)
#define for_each_pci_dev(d) for ((d) = 0; (d) != 0; )
#define for_each_child_of_node(parent, child) for ((child) = (parent); (child) != 0; (child) = (child)->sibling)
#define for_each_available_child_of_node(parent, child) for ((child) = (parent); (child) != 0; (child) = (child)->sibling)
#define for_each_child_of_node_scoped(parent, child) for (struct device_node *child = (parent); (child) != 0; (child) = (child)->sibling)
#define for_each_available_child_of_node_scoped(parent, child) for (struct device_node *child = (parent); (child) != 0; (child) = (child)->sibling)
#define for_each_compatible_node(dn, type, compatible) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_matching_node(dn, matches) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_matching_node_and_match(dn, matches, match) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_node_by_name(dn, name) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_node_by_type(dn, type) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_node_with_property(dn, prop_name) for ((dn) = 0; (dn) != 0; (dn) = (dn)->sibling)
#define for_each_property_of_node(dn, pp) for ((pp) = (dn)->properties; (pp) != 0; (pp) = (pp)->next)
#define device_for_each_child_node(dev, child) for ((child) = 0; (child) != 0; )
#define device_for_each_child_node_scoped(dev, child) for (struct fwnode_handle *child = 0; (child) != 0; )
#define fwnode_for_each_child_node(fwnode, child) for ((child) = 0; (child) != 0; )
#define fwnode_for_each_available_child_node(fwnode, child) for ((child) = 0; (child) != 0; )
#define xa_for_each(xa, index, entry) for ((index) = 0, (entry) = (void *)(xa); (entry); (index)++)
#define xa_for_each_start(xa, index, entry, start) for ((index) = (start), (entry) = (void *)(xa); (entry); (index)++)
#define xa_for_each_range(xa, index, entry, start, last) for ((index) = (start), (entry) = (void *)(xa); (entry); (index)++)
#define xa_for_each_marked(xa, index, entry, filter) for ((index) = 0, (entry) = (void *)(xa); (entry); (index)++)
#define idr_for_each_entry(idr, entry, id) for ((id) = 0, (entry) = (void *)(idr); (entry); (id)++)
#define idr_for_each_entry_ul(idr, entry, tmp, id) for ((id) = 0, (tmp) = 0, (entry) = (void *)(idr); (entry); (id)++)
#define idr_for_each_entry_continue(idr, entry, id) for ((entry) = (void *)(idr); (entry); (id)++)
#define idr_for_each_entry_continue_ul(idr, entry, tmp, id) for ((entry) = (void *)(idr); (entry); (id)++)
#define radix_tree_for_each_slot(slot, root, iter, start) for ((slot) = (void *)(root); (slot); (slot)++)
#define radix_tree_for_each_tagged(slot, root, iter, start, tag) for ((slot) = (void *)(root); (slot); (slot)++)
#define mas_for_each(mas, entry, max) for ((entry) = (void *)(mas); (entry); )
#define for_each_vma(vmi, vma) for ((vma) = (void *)&(vmi); (vma); (vma) = (vma)->vm_next)
#define for_each_vma_range(vmi, vma, end) for ((vma) = (void *)&(vmi); (vma); (vma) = (vma)->vm_next)
#define for_each_netdev(net, d) for ((d) = (void *)(net); (d); (d) = (d)->next)
#define for_each_netdev_safe(net, d, n) for ((d) = (void *)(net), (n) = (d); (d); (d) = (n))
#define for_each_netdev_rcu(net, d) for ((d) = (void *)(net); (d); (d) = (d)->next)
#define for_each_netdev_continue(net, d) for (; (d); (d) = (d)->next)
#define for_each_netdev_continue_rcu(net, d) for (; (d); (d) = (d)->next)
#define for_each_netdev_in_bond_rcu(bond, slave) for ((slave) = (void *)(bond); (slave); (slave) = (slave)->next)
#define netdev_for_each_tx_queue(dev, f, arg) for (;0;)
#define netdev_for_each_mc_addr(ha, dev) for ((ha) = (void *)(dev); (ha); (ha) = (ha)->next)
#define netdev_for_each_uc_addr(ha, dev) for ((ha) = (void *)(dev); (ha); (ha) = (ha)->next)
#define netdev_hw_addr_list_for_each(ha, l) for ((ha) = (void *)(l); (ha); (ha) = (ha)->next)
#define netdev_for_each_lower_dev(dev, ldev, iter) for ((iter) = 0, (ldev) = (void *)(dev); (ldev); (ldev) = (ldev)->next)
#define sk_for_each(__sk, list) for ((__sk) = (void *)(list); (__sk); (__sk) = (__sk)->next)
#define sk_for_each_safe(__sk, tmp, list) for ((__sk) = (void *)(list); (__sk) && ((tmp) = (__sk), 1); (__sk) = (tmp))
#define sk_for_each_rcu(__sk, list) for ((__sk) = (void *)(list); (__sk); (__sk) = (__sk)->next)
#define sk_for_each_bound(__sk, list) for ((__sk) = (void *)(list); (__sk); (__sk) = (__sk)->next)
#define sk_nulls_for_each(__sk, node, list) for ((__sk) = (void *)(list); (__sk); (__sk) = (__sk)->next)
#define sk_nulls_for_each_rcu(__sk, node, list) for ((__sk) = (void *)(list); (__sk); (__sk) = (__sk)->next)
#define skb_queue_walk(queue, skb) for ((skb) = (queue)->next; (skb) != (void *)(queue); (skb) = (skb)->next)
#define skb_queue_walk_safe(queue, skb, tmp) for ((skb) = (queue)->next, (tmp) = (skb)->next; (skb) != (void *)(queue); (skb) = (tmp), (tmp) = (skb)->next)
#define skb_queue_walk_from(queue, skb) for (; (skb) != (void *)(queue); (skb) = (skb)->next)
#define skb_queue_walk_from_safe(queue, skb, tmp) for ((tmp) = (skb)->next; (skb) != (void *)(queue); (skb) = (tmp), (tmp) = (skb)->next)
#define skb_queue_reverse_walk(queue, skb) for ((skb) = (queue)->prev; (skb) != (void *)(queue); (skb) = (skb)->prev)
#define skb_queue_reverse_walk_safe(queue, skb, tmp) for ((skb) = (queue)->prev, (tmp) = (skb)->prev; (skb) != (void *)(queue); (skb) = (tmp), (tmp) = (skb)->prev)
#define skb_walk_frags(skb, iter) for ((iter) = (skb)->frag_list; (iter); (iter) = (iter)->next)
#define skb_list_walk_safe(first, skb, next_skb) for ((skb) = (first), (next_skb) = (skb) ? (skb)->next : 0; (skb); (skb) = (next_skb), (next_skb) = (skb) ? (skb)->next : 0)
#define bio_for_each_segment(bvl, bio, iter) for ((iter) = (bio)->bi_iter; (iter).bi_size; (iter).bi_size--)
#define bio_for_each_segment_all(bvl, bio, iter) for ((bvl) = (bio)->bi_io_vec; (bvl); (bvl)++)
#define bio_for_each_bvec(bvl, bio, iter) for ((iter) = (bio)->bi_iter; (iter).bi_size; (iter).bi_size--)
#define bio_for_each_folio_all(fi, bio) for ((fi).folio = 0; (fi).folio; )
#define bio_list_for_each(bio, bl) for ((bio) = (bl)->head; (bio); (bio) = (bio)->bi_next)
#define rq_for_each_segment(bvl, _rq, _iter) for ((_iter).bio = (_rq)->bio; (_iter).bio; (_iter).bio = (_iter).bio->bi_next)
#define rq_for_each_bvec(bvl, _rq, _iter) for ((_iter).bio = (_rq)->bio; (_iter).bio; (_iter).bio = (_iter).bio->bi_next)
#define __rq_for_each_bio(_bio, rq) for ((_bio) = (rq)->bio; (_bio); (_bio) = (_bio)->bi_next)
#define for_each_bio(_bio) for (; (_bio); (_bio) = (_bio)->bi_next)
#define queue_for_each_hw_ctx(q, hctx, i) for ((i) = 0, (hctx) = (void *)(q); (hctx); (i)++)
#define hctx_for_each_ctx(hctx, ctx, i) for ((i) = 0, (ctx) = (void *)(hctx); (ctx); (i)++)
#define for_each_mem_cgroup_tree(iter, root) for ((iter) = (root); (iter); (iter) = 0)
#define for_each_mem_cgroup(iter) for ((iter) = 0; (iter); )
#define for_each_memblock(memblock_type, region) for ((region) = 0; (region); (region)++)
#define for_each_mem_range(i, p_start, p_end) for ((i) = 0; (i) < nr_mem_ranges; (i)++)
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid) for ((i) = 0; (i) < nr_mem_ranges; (i)++)
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid) for ((i) = 0; (i) < nr_mem_ranges; (i)++)
#define for_each_reserved_mem_range(i, p_start, p_end) for ((i) = 0; (i) < nr_mem_ranges; (i)++)
#define for_each_migratetype_order(order, type) for ((order) = 0; (order) < NR_PAGE_ORDERS; (order)++) for ((type) = 0; (type) < MIGRATE_TYPES; (type)++)
#define for_each_subsys(ss, ssid) for ((ssid) = 0; (ssid) < CGROUP_SUBSYS_COUNT && (((ss) = cgroup_subsys[ssid]) || 1); (ssid)++)
#define cgroup_taskset_for_each(task, dst_css, tset) for ((task) = (void *)(tset); (task); (task) = 0)
#define css_for_each_descendant_pre(pos, css) for ((pos) = (css); (pos); (pos) = 0)
#define css_for_each_descendant_post(pos, css) for ((pos) = (css); (pos); (pos) = 0)
#define css_for_each_child(pos, parent) for ((pos) = (parent); (pos); (pos) = 0)
#define for_each_sibling_event(sibling, event) for ((sibling) = (event); (sibling); (sibling) = 0)
#define for_each_gpio_desc(gc, desc) for ((desc) = 0; (desc); (desc)++)
#define for_each_irq_desc(irq, desc) for ((irq) = 0, (desc) = 0; (irq) < nr_irqs; (irq)++)
#define for_each_irq_nr(irq) for ((irq) = 0; (irq) < nr_irqs; (irq)++)
#define for_each_action_of_desc(desc, act) for ((act) = (desc)->action; (act); (act) = (act)->next)
#define for_each_lru(lru) for ((lru) = 0; (lru) < NR_LRU_LISTS; (lru)++)
#define for_each_evictable_lru(lru) for ((lru) = 0; (lru) < NR_LRU_LISTS; (lru)++)
#define for_each_zone_zonelist(zone, z, zlist, highidx) for ((z) = 0, (zone) = 0; (zone); (z)++)
#define for_each_zone_zonelist_nodemask(zone, z, zlist, highidx, nodemask) for ((z) = 0, (zone) = 0; (zone); (z)++)
#define for_each_inode(inode, sb) for ((inode) = 0; (inode); )
#define for_each_port(adapter, iter) for ((iter) = 0; (iter) < (adapter)->params.nports; (iter)++)
#define nla_for_each_attr(pos, head, len, rem) for ((pos) = (head), (rem) = (len); (rem) > 0; (pos) = (pos) + 1)
#define nla_for_each_nested(pos, nla, rem) for ((pos) = (void *)(nla), (rem) = 1; (rem) > 0; (pos) = (pos) + 1)
#define nla_for_each_attr_type(pos, type, head, len, rem) for ((pos) = (head), (rem) = (len); (rem) > 0; (pos) = (pos) + 1)
#define nla_for_each_nested_type(pos, type, nla, rem) for ((pos) = (void *)(nla), (rem) = 1; (rem) > 0; (pos) = (pos) + 1)
#define klist_for_each(...) for (;0;)
#define plist_for_each_entry(pos, head, member) list_for_each_entry(pos, &(head)->node_list, member.node_list)
#define plist_for_each_entry_safe(pos, n, head, m) list_for_each_entry_safe(pos, n, &(head)->node_list, m.node_list)
