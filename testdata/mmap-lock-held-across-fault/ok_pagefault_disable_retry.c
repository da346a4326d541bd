/* expect-none */
struct mm_struct;
struct folio;

int mfill_copy(struct mm_struct *dst_mm, struct folio *folio, const void __user *src)
{
	void *kaddr;
	int ret = 0;

	mmap_read_lock(dst_mm);
	kaddr = kmap_local_folio(folio, 0);
	/*
	 * mmap_lock is held: disable page faults so copy_from_user() fails
	 * instead of faulting, and let the caller retry outside the lock.
	 */
	pagefault_disable();
	if (copy_from_user(kaddr, src, 4096))
		ret = -ENOENT;
	pagefault_enable();
	kunmap_local(kaddr);
	mmap_read_unlock(dst_mm);
	return ret;
}
