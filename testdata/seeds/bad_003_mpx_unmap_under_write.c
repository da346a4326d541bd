/* Seed 003: freeing MPX bounds tables from munmap(), with mmap_lock held for write, touches user memory. */
struct mm_struct;

struct mpx_ctx {
	struct mm_struct *mm;
	unsigned long __user *bd_base;
};

static int unmap_single_bt(struct mpx_ctx *ctx, unsigned long __user *bd_entry)
{
	unsigned long bt_addr;

	if (get_user(bt_addr, bd_entry))			/* step: fault */
		return -EFAULT;
	return put_user(0UL, bd_entry);
}

static int mpx_unmap_tables(struct mpx_ctx *ctx, unsigned long start, unsigned long end)
{
	unsigned long __user *bd_entry = ctx->bd_base + (start >> 20);

	return unmap_single_bt(ctx, bd_entry);
}

int do_munmap_with_bounds(struct mpx_ctx *ctx, unsigned long start, unsigned long len)
{
	int ret;

	mmap_write_lock(ctx->mm);				/* step: acquire */
	ret = mpx_unmap_tables(ctx, start, start + len);	/* expect: mmap-lock-held-across-fault */
	mmap_write_unlock(ctx->mm);
	return ret;
}
