/* expect-none */
/* Seed 001, fixed: explicit pagefault_disable(); the copy is retried outside mmap_lock on -ENOENT. */
struct mm_struct;
struct folio;

int shmem_mfill_copy(struct mm_struct *dst_mm, struct folio *folio, const void __user *src_addr, int zeropage)
{
	void *page_kaddr;
	int ret = 0;

	mmap_read_lock(dst_mm);
	if (!zeropage) {
		page_kaddr = kmap_local_folio(folio, 0);
		/*
		 * The mmap_lock is held here. Disable page faults to
		 * prevent deadlock should copy_from_user() fault. The
		 * copy will be retried outside the mmap_lock.
		 */
		pagefault_disable();
		if (copy_from_user(page_kaddr, src_addr, 4096))
			ret = -ENOENT;
		pagefault_enable();
		kunmap_local(page_kaddr);
	}
	mmap_read_unlock(dst_mm);
	return ret;
}
