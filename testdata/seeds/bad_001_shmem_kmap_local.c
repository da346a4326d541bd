/* Seed 001: kmap_atomic() became kmap_local_folio(), which no longer disables page faults. */
struct mm_struct;
struct folio;

int shmem_mfill_copy(struct mm_struct *dst_mm, struct folio *folio, const void __user *src_addr, int zeropage)
{
	void *page_kaddr;
	int ret = 0;

	mmap_read_lock(dst_mm);					/* step: acquire */
	if (!zeropage) {
		page_kaddr = kmap_local_folio(folio, 0);
		if (copy_from_user(page_kaddr, src_addr, 4096))	/* expect: mmap-lock-held-across-fault */ /* step: fault */
			ret = -ENOENT;
		kunmap_local(page_kaddr);
	}
	mmap_read_unlock(dst_mm);
	return ret;
}
