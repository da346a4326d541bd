/* expect-none */
/* Seed 003, fixed: the bounds directory is touched with page faults disabled under mmap_lock, and the
 * entries that could not be cleared are retried after mmap_lock is dropped. */
struct mm_struct;

struct mpx_ctx {
	struct mm_struct *mm;
	unsigned long __user *bd_base;
	int retry;
};

static int zap_bd_entry(unsigned long __user *bd_entry)
{
	return put_user(0UL, bd_entry);
}

int do_munmap_with_bounds(struct mpx_ctx *ctx, unsigned long start, unsigned long len)
{
	unsigned long __user *bd_entry = ctx->bd_base + (start >> 20);
	int ret;

	mmap_write_lock(ctx->mm);
	pagefault_disable();
	ret = zap_bd_entry(bd_entry);
	pagefault_enable();
	mmap_write_unlock(ctx->mm);
	if (ret)
		ret = zap_bd_entry(bd_entry);
	return ret;
}
