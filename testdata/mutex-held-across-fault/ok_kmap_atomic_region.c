/* expect-none */
struct page;

struct pgcopy {
	struct mutex lock;
	int copied;
};

int pgcopy_try(struct pgcopy *pc, struct page *page, const void __user *src)
{
	void *kaddr;
	unsigned long left;

	mutex_lock(&pc->lock);
	kaddr = kmap_atomic(page);
	left = copy_from_user(kaddr, src, 4096);
	kunmap_atomic(kaddr);
	if (!left)
		pc->copied++;
	mutex_unlock(&pc->lock);
	return left ? -EFAULT : 0;
}
