struct mm_struct;

struct legacy_ctx {
	struct mm_struct *mm;
	unsigned long addr;
};

long legacy_peek(struct legacy_ctx *ctx, unsigned long __user *out)
{
	long ret;

	down_read(&ctx->mm->mmap_sem);				/* step: acquire */
	ret = put_user(ctx->addr, out);				/* expect: mmap-lock-held-across-fault */
	up_read(&ctx->mm->mmap_sem);
	return ret;
}
