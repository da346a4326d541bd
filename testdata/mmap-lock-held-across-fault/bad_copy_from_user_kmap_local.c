struct mm_struct;
struct folio;

int mfill_copy(struct mm_struct *dst_mm, struct folio *folio, const void __user *src)
{
	void *kaddr;
	int ret = 0;

	mmap_read_lock(dst_mm);					/* step: acquire */
	kaddr = kmap_local_folio(folio, 0);
	if (copy_from_user(kaddr, src, 4096))			/* expect: mmap-lock-held-across-fault */ /* step: fault */
		ret = -ENOENT;
	kunmap_local(kaddr);
	mmap_read_unlock(dst_mm);
	return ret;
}
